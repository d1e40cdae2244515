/**
 * One Lambda execution environment: a worker thread that loads a function's bundle, as deployed,
 * with the function's environment, and runs one invocation at a time (tests/soak/lambda/function.ts).
 */
const { parentPort, workerData } = require("node:worker_threads");

const { handler } = require(workerData.file);
let invocations = 0;

parentPort.on("message", async ({ id, event }) => {
  invocations++;
  const context = {
    functionName: workerData.functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:000000000000:function:${workerData.functionName}`,
    memoryLimitInMB: "512",
    awsRequestId: `${workerData.functionName}-${process.pid}-${invocations}`,
    logGroupName: `/aws/lambda/${workerData.functionName}`,
    logStreamName: "soak",
    getRemainingTimeInMillis: () => 30_000,
    callbackWaitsForEmptyEventLoop: true,
  };
  try {
    const result = await handler(event, context);
    parentPort.postMessage({ id, ok: true, result });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, error: String((error && error.message) || error) });
  }
});
