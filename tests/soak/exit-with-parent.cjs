// Preloaded into the change task's process: it ends when the soak that started it ends, however
// that ends (the program itself runs until SIGTERM, as in its container). The channel does not
// keep the process alive by itself.
process.on("disconnect", () => process.exit(1));
process.channel?.unref();
