// A local stand-in for every AWS API the control Lambdas call (DynamoDB, SQS, the API Gateway
// management API), for the cold-start bench's first event: each call is answered at once with
// an empty success (`{}`: no item, nothing found, message accepted), so the handler runs its
// real code path through the SDK (serialise, sign, send, parse) without network or TLS.
import { createServer } from "node:http";

export async function startAwsStub() {
  let calls = 0;
  const server = createServer((req, res) => {
    calls++;
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "bench" });
      res.end("{}");
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    /** what points a Lambda's SDK clients here (one attempt: a retry would only add backoff) */
    env: {
      AWS_ENDPOINT_URL_DYNAMODB: url,
      AWS_ENDPOINT_URL_SQS: url,
      WHARF_REALTIME_MANAGEMENT_URL: `${url}/bench`,
      AWS_MAX_ATTEMPTS: "1",
    },
    /** calls answered since the last take */
    takeCalls: () => {
      const n = calls;
      calls = 0;
      return n;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
