// A local stand-in for every AWS API the control Lambdas call (DynamoDB, SQS, the API Gateway
// management API), for the cold-start bench's first event: each call is answered at once with
// an empty success (`{}`: no item, nothing found, message accepted; a write conditioned on the
// item existing fails as on an empty table), so the handler runs its
// real code path through the SDK (serialise, sign, send over TLS, parse) without the network.
// HTTPS like AWS (a throw-away self-signed certificate the child trusts through
// NODE_EXTRA_CA_CERTS): over plain http the SDK would load modules a Lambda never does.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";

function selfSignedCertificate(dir) {
  const key = join(dir, "key.pem");
  const cert = join(dir, "cert.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
      .concat(["-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"])
      .concat(["-addext", "subjectAltName=IP:127.0.0.1"]),
    { stdio: "ignore" },
  );
  return { key: readFileSync(key), cert: readFileSync(cert), certFile: cert };
}

const CONDITION_FAILED = "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException";

/**
 * The stub's table is empty, so a DynamoDB write conditioned on the item existing fails the
 * way DynamoDB fails it; answering `{}` would hand the code an item with no attributes.
 */
function mustExist(target, body) {
  if (!/^DynamoDB_\d+\.(UpdateItem|PutItem|DeleteItem)$/.test(target ?? "")) return false;
  try {
    return /^\s*attribute_exists\(\s*pk\s*\)(\s+AND\b|\s*$)/i.test(JSON.parse(body).ConditionExpression ?? "");
  } catch {
    return false;
  }
}

export async function startAwsStub() {
  const dir = mkdtempSync(join(tmpdir(), "wharf-aws-stub-"));
  const tls = selfSignedCertificate(dir);
  let calls = 0;
  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    calls++;
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      const headers = { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "bench" };
      if (mustExist(req.headers["x-amz-target"], body)) {
        res.writeHead(400, headers);
        res.end(JSON.stringify({ __type: CONDITION_FAILED, message: "The conditional request failed" }));
        return;
      }
      res.writeHead(200, headers);
      res.end("{}");
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `https://127.0.0.1:${server.address().port}`;
  return {
    /** what points a Lambda's SDK clients here (one attempt: a retry would only add backoff) */
    env: {
      AWS_ENDPOINT_URL_DYNAMODB: url,
      AWS_ENDPOINT_URL_SQS: url,
      WHARF_REALTIME_MANAGEMENT_URL: `${url}/bench`,
      AWS_MAX_ATTEMPTS: "1",
      NODE_EXTRA_CA_CERTS: tls.certFile,
    },
    /** calls answered since the last take */
    takeCalls: () => {
      const n = calls;
      calls = 0;
      return n;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
