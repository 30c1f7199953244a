// The ceiling: a bare node:http server that turns each request into an API Gateway REST proxy event (1.0)
// and calls the handler function in-process. No Lambda isolation, no timeout, no log shipping.
// Usage: node bare-server.js <port> <handler bundle dir>
import * as http from 'node:http';
import * as path from 'node:path';
import * as crypto from 'node:crypto';

const [port, bundleDir] = process.argv.slice(2);
const { handler } = require(path.resolve(bundleDir, 'index.js'));
let n = 0;

http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    const url = new URL(req.url ?? '/', 'http://x');
    const query = Object.fromEntries(url.searchParams);
    const body = Buffer.concat(chunks);
    const requestId = crypto.randomUUID();
    const event = {
      resource: '/{proxy+}', path: url.pathname, httpMethod: req.method,
      headers: req.headers, multiValueHeaders: null,
      queryStringParameters: Object.keys(query).length ? query : null, multiValueQueryStringParameters: null,
      pathParameters: { proxy: url.pathname.slice(1) }, stageVariables: null,
      requestContext: { requestId, stage: 'v1', httpMethod: req.method, path: `/v1${url.pathname}`, resourcePath: '/{proxy+}', requestTimeEpoch: Date.now() },
      body: body.length ? body.toString('utf8') : null, isBase64Encoded: false,
    };
    const context = { awsRequestId: requestId, functionName: 'bare', functionVersion: '$LATEST', memoryLimitInMB: '256', invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:000000000000:function:bare', getRemainingTimeInMillis: () => 10_000 };
    n++;
    try {
      const r = await handler(event, context);
      res.writeHead(r.statusCode, r.headers || {});
      res.end(r.isBase64Encoded ? Buffer.from(r.body || '', 'base64') : r.body || '');
    } catch {
      res.writeHead(502); res.end('{"message":"Internal server error"}');
    }
  });
}).listen(Number(port), '127.0.0.1');
