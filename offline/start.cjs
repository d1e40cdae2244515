#!/usr/bin/env node
/* `npm start`: plans the project's stacks offline (offline/start-command.cjs). */
require("./start-command.cjs").startPlanCommand(process.argv.slice(2));
