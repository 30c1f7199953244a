import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { useLocalCloud } from '../../helpers/local-cloud';
import { expectError } from '../../helpers/sdk-errors';

/**
 * Threat: anyone who can call FilterLogEvents (a function under test, a script) sends a regular expression that
 * backtracks catastrophically; evaluated on the server's only event loop it would stall every other request.
 */
describe('FilterLogEvents: a %regex% cannot stall the server', () => {
  const { logs } = useLocalCloud({ logs: [CloudWatchLogsClient, { maxAttempts: 1 }] });
  const logGroupName = '/test/redos';

  beforeAll(async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName }));
    await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: 's' }));
    // 46 word characters: a backtracking RegExp needs seconds for the pattern below, doubling every few more
    await logs.send(new PutLogEventsCommand({ logGroupName, logStreamName: 's', logEvents: [{ timestamp: Date.now(), message: 'a'.repeat(46) }] }));
  });

  /** Resolves to how long `promise` took, in ms. */
  const duration = async (start: number, promise: Promise<unknown>) => {
    await promise;
    return performance.now() - start;
  };

  it('an AWS-valid pattern that backtracks in JavaScript answers at once, and a concurrent request is not held up', async () => {
    // Act: the filter and, right behind it, an unrelated request
    const start = performance.now();
    const filtered = logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern: '%\\w*\\w*\\w*\\w*\\w*\\w*=%' }));
    const other = logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/test/' }));
    const [filterMs, otherMs] = await Promise.all([duration(start, filtered), duration(start, other)]);
    // Assess: generous bounds (a backtracking RegExp took seconds here): no stall, whatever the machine's load
    expect((await filtered).events).toEqual([]);
    expect(filterMs).toBeLessThan(1000);
    expect(otherMs).toBeLessThan(1000);
  });

  it("refuses the issue's %(\\w+\\s?)+$% as AWS does: parentheses are not supported", async () => {
    await expectError(
      logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern: '%(\\w+\\s?)+$%' })),
      'InvalidParameterException',
      "Invalid character(s) in term '('",
    );
  });

  it('refuses a third regular expression and a pattern over 1024 characters, with AWS\'s errors', async () => {
    await expectError(logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern: '%a% %b% %c%' })), 'InvalidParameterException', 'Invalid filter pattern');
    const long = `"${'x'.repeat(1023)}"`;
    await expectError(
      logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern: long })),
      'InvalidParameterException',
      `1 validation error detected: Value '${long}' at 'filterPattern' failed to satisfy constraint: Member must have length less than or equal to 1024`,
    );
  });

  it('still matches with the regular expressions AWS supports', async () => {
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern: '%^a{46}$%' }));
    expect(out.events).toHaveLength(1);
  });
});
