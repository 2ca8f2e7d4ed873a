// One representative first event per control Lambda, for the cold-start bench's "import +
// first event" figure, and what a correct answer to it looks like against the AWS stub
// (aws-stub.mjs: every read finds nothing). Each one reaches DynamoDB at least once.
const ulid = "0".repeat(26);
const now = new Date().toISOString();

const sqsRecord = (body) => ({
  messageId: "bench-1",
  receiptHandle: "bench-receipt",
  body: JSON.stringify(body),
  attributes: {
    ApproximateReceiveCount: "1",
    SentTimestamp: String(Date.now()),
    SenderId: "bench",
    ApproximateFirstReceiveTimestamp: String(Date.now()),
  },
  messageAttributes: {},
  md5OfBody: "",
  eventSource: "aws:sqs",
  eventSourceARN: "arn:aws:sqs:eu-west-1:123456789012:bench",
  awsRegion: "eu-west-1",
});

const noBatchFailures = (answer) =>
  Array.isArray(answer?.batchItemFailures) && answer.batchItemFailures.length === 0
    ? null
    : `expected no batch item failures, got ${JSON.stringify(answer)}`;

export const FIRST_EVENTS = {
  // an API call with a well-formed key that the table does not hold: key lookup, then 401
  http: {
    event: {
      version: "2.0",
      routeKey: "$default",
      rawPath: "/v1/sessions",
      rawQueryString: "",
      headers: { authorization: `Bearer wharf_sk_${"A".repeat(43)}`, host: "api.example" },
      requestContext: {
        accountId: "123456789012",
        apiId: "bench",
        domainName: "api.example",
        domainPrefix: "api",
        http: { method: "GET", path: "/v1/sessions", protocol: "HTTP/1.1", sourceIp: "192.0.2.1", userAgent: "bench" },
        requestId: "bench",
        routeKey: "$default",
        stage: "$default",
        time: now,
        timeEpoch: Date.now(),
      },
      isBase64Encoded: false,
    },
    check: (answer) => (answer?.statusCode === 401 ? null : `expected 401, got ${JSON.stringify(answer)}`),
  },
  // a WebSocket connection closing: its record is deleted
  ws: {
    event: {
      requestContext: {
        connectionId: "bench-connection",
        eventType: "DISCONNECT",
        routeKey: "$disconnect",
        requestId: "bench",
        apiId: "bench",
        stage: "bench",
        domainName: "realtime.example",
        messageId: "bench",
        requestTimeEpoch: Date.now(),
        connectedAt: Date.now(),
        extendedRequestId: "bench",
        messageDirection: "IN",
      },
      isBase64Encoded: false,
    },
    check: (answer) => (answer?.statusCode === 200 ? null : `expected 200, got ${JSON.stringify(answer)}`),
  },
  // a fleet status event for a session the table does not hold
  events: {
    event: {
      Records: [
        sqsRecord({
          id: `evt_${ulid}`,
          type: "session.status",
          v: 1,
          tenantId: `ten_${ulid}`,
          sessionId: `ses_${ulid}`,
          epoch: 1,
          at: now,
          data: { status: "open" },
        }),
      ],
    },
    check: noBatchFailures,
  },
  // a delivery job whose delivery the table does not hold
  webhooks: {
    event: { Records: [sqsRecord({ tenantId: `ten_${ulid}`, deliveryId: `dlv_${ulid}` })] },
    check: noBatchFailures,
  },
  // one scheduled reconciliation over an empty fleet
  janitor: {
    event: { version: "0", id: "bench", "detail-type": "Scheduled Event", source: "aws.events", time: now, detail: {} },
    check: (answer) =>
      answer && typeof answer === "object" ? null : `expected a report, got ${JSON.stringify(answer)}`,
  },
};
