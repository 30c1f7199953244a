import { FilterPatternError, parseFilterPattern } from '../../../src/services/logs/filter-pattern';

const matches = (pattern: string, message: string) => parseFilterPattern(pattern).matches(message);

describe('filter patterns: terms', () => {
  it('matches everything when empty', () => {
    expect(parseFilterPattern('').kind).toBe('all');
    expect(parseFilterPattern(undefined).matches('anything')).toBe(true);
    expect(matches('   ', 'x')).toBe(true);
  });

  it.each([
    ['a term matches anywhere', 'ERROR', '[ERROR] Caught IllegalArgumentException', true],
    ['a term is case-sensitive', 'ERROR', 'error: lower case', false],
    ['several terms AND', 'ERROR Exception', 'ERROR: IllegalArgumentException', true],
    ['several terms AND', 'ERROR Exception', 'ERROR: all fine', false],
    ['a quoted phrase matches exactly', '"Failed to process"', 'WARN Failed to process request', true],
    ['a quoted phrase matches exactly', '"Failed to process"', 'Failed  to process', false],
    ['a quoted phrase matches exactly', '"say \\"hi\\""', 'they say "hi"', true],
    ['?terms OR', '?ERROR ?WARN', 'WARN disk almost full', true],
    ['?terms OR', '?ERROR ?WARN', 'ERROR disk full', true],
    ['?terms OR', '?ERROR ?WARN', 'INFO ok', false],
    // as AWS documents: ?ERROR ?ARGUMENTS REQUEST matches every REQUEST
    ['?terms combined with other terms are ignored', '?ERROR ?ARGUMENTS REQUEST', '[INFO] REQUEST FAILED', true],
    ['?terms combined with other terms are ignored', '?ERROR ?ARGUMENTS REQUEST', '[ERROR] 400 BAD', false],
    ['?terms combined with other terms are ignored', '?ERROR -Retry', 'INFO ok', true],
    ['?terms combined with other terms are ignored', '?ERROR -Retry', 'ERROR Retry', false],
    ['-terms exclude', 'ERROR -Retry', 'ERROR permanent failure', true],
    ['-terms exclude', 'ERROR -Retry', 'ERROR Retry scheduled', false],
    ['-terms exclude', 'ERROR -"will retry"', 'ERROR will retry', false],
    ['%regex% terms are supported', '%user-[0-9]+%', 'login user-42', true],
    ['%regex% terms are supported', '%user-[0-9]+%', 'login user-x', false],
  ])('%s: %s on %p → %p', (_, pattern, message, expected) => {
    expect(matches(pattern, message)).toBe(expected);
  });

  it.each(['"unterminated', '?', 'ERROR -', '%[%', 'a{b'])('rejects %p', (pattern) => {
    expect(() => parseFilterPattern(pattern)).toThrow(FilterPatternError);
  });
});

describe('filter patterns: JSON', () => {
  const event = JSON.stringify({
    eventType: 'UpdateTrail',
    level: 'ERROR',
    latency: 120,
    user: { id: 2, email: 'John.Doe@example.com', admin: true, manager: null },
    actions: ['GET', 'PUT', 'DELETE'],
    objectList: [{ id: 1 }, { id: 2, name: 'second' }],
    coordinates: [[0, 1], [2, 3]],
    flag: false,
  });

  it.each([
    ['{ $.eventType = "UpdateTrail" }', true],
    ['{ $.eventType = UpdateTrail }', true],
    ['{ $.eventType = "Update*" }', true],
    ['{ $.eventType = "*Trail" }', true],
    ['{ $.eventType = "Other" }', false],
    ['{ $.eventType != "Other" }', true],
    ['{ $.eventType != "UpdateTrail" }', false],
    ['{ $.missing != "x" }', false],
    ['{ $.user.email = "John.Doe@example.com" }', true],
    ['{ $.user.id = 2 }', true],
    ['{ $.user.id = 3 }', false],
    ['{ $.user.id != 3 }', true],
    ['{ $.latency > 100 }', true],
    ['{ $.latency < 100 }', false],
    ['{ $.latency >= 120 }', true],
    ['{ $.latency <= 119.5 }', false],
    ['{ $.latency > 1e2 }', true],
    ['{ $.actions[0] = "GET" }', true],
    ['{ $.actions[2] = "DELETE" }', true],
    ['{ $.actions[5] = "GET" }', false],
    ['{ $.objectList[1].id = 2 }', true],
    ['{ $.objectList[1].name = "sec*" }', true],
    ['{ $.coordinates[1][0] = 2 }', true],
    ['{ $.user.manager IS NULL }', true],
    ['{ $.user.email IS NULL }', false],
    ['{ $.user.nothing NOT EXISTS }', true],
    ['{ $.user.id NOT EXISTS }', false],
    ['{ $.user.admin IS TRUE }', true],
    ['{ $.flag IS FALSE }', true],
    ['{ $.flag IS TRUE }', false],
    ['{ $.level = "ERROR" && $.latency > 100 }', true],
    ['{ $.level = "ERROR" && $.latency > 200 }', false],
    ['{ $.level = "INFO" || $.latency > 100 }', true],
    ['{ ($.user.id = 2 && $.actions[1] = "GET") || $.actions[2] = "DELETE" }', true],
    ['{ ($.user.id = 2 && $.actions[1] = "GET") || $.actions[2] = "POST" }', false],
    ['{ $.level = "INFO" || $.level = "ERROR" && $.latency > 200 }', false],
    ['{ $.eventType = * }', true],
  ])('%s → %p', (pattern, expected) => {
    expect(matches(pattern, event)).toBe(expected);
  });

  it('does not match messages that are not JSON', () => {
    expect(matches('{ $.level = "ERROR" }', 'ERROR plain text')).toBe(false);
    expect(matches('{ $.level = "ERROR" }', '{broken json')).toBe(false);
  });

  it.each([
    '{ $.level = "ERROR" ',
    '{ level = "ERROR" }',
    '{ $.level }',
    '{ $.level = }',
    '{ $.latency > abc }',
    '{ $.level = "ERROR" && }',
    '{ ($.level = "ERROR" }',
    '{ $.level IS MAYBE }',
    '{ $.level NOT THERE }',
    '{ $. = 1 }',
    '{ $.a[x] = 1 }',
    '{ $.a = "unterminated }',
  ])('rejects %p', (pattern) => {
    expect(() => parseFilterPattern(pattern)).toThrow(FilterPatternError);
  });
});

describe('filter patterns: space-delimited', () => {
  const line = '127.0.0.1 frank admin [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';

  it.each([
    ['[ip, user, username, timestamp, request, status_code, bytes]', true],
    ['[ip, user, username, timestamp, request = "*html*", status_code = 4*, bytes]', true],
    ['[ip, user, username, timestamp, request, status_code = 404, bytes > 1000]', true],
    ['[ip, user, username, timestamp, request, status_code = 200, bytes]', false],
    ['[..., status_code = 404, bytes]', true],
    ['[ip = 127.0.0.*, ...]', true],
    ['[ip, user = bob, ...]', false],
    ['[ip, user, ...]', true],
    ['[ip, user]', false],
    ['[..., status_code != 200 && status_code != 500, bytes]', true],
    ['[..., status_code = 200 || status_code = 404, bytes]', true],
  ])('%s → %p', (pattern, expected) => {
    expect(matches(pattern, line)).toBe(expected);
  });

  it.each(['[ip, user', '[ip, , user]', '[ip, bytes > big]', '[1ip]'])('rejects %p', (pattern) => {
    expect(() => parseFilterPattern(pattern)).toThrow(FilterPatternError);
  });
});

describe('filter patterns: %regex% as AWS documents it (Filter pattern syntax, "Supported regular expressions")', () => {
  it.each([
    ['%AUTHORIZED%', '[ERROR 401] UNAUTHORIZED REQUEST', true],
    ['%^[hc]at%', 'hat in front', true],
    ['%^[hc]at%', 'a hat', false],
    ['%[hc]at$%', 'a cat', true],
    ['%[hc]at$%', 'cats', false],
    ['%colou?r%', 'the color', true],
    ['%colou?r%', 'the colour', true],
    ['%[abcx-z]%', 'y', true],
    ['%a{3,5}%', 'xaaay', true],
    ['%a{3,5}%', 'xaay', false],
    ['%xa{3, 5}y%', 'xaaaay', true],
    ['%xa{,2}y%', 'xy', true],
    ['%xa{,2}y%', 'xaaay', false],
    ['%gra|ey%', 'grey', true],
    ['%^starting|^initializing|^shutting down%', 'shutting down now', true],
    ['%^starting|^initializing|^shutting down%', 'skipping initializing', false],
    ['%\\[.\\]%', 'a [7] b', true],
    ['%ab*c%', 'ac', true],
    ['%ab[0-9]*%', 'ab129', true],
    ['%ab+c%', 'ac', false],
    ['%.at%', ' at', true],
    ['%10\\.10\\.0\\.1%', '10010,051', false],
    ['%\\d%', 'x1', true],
    ['%\\D%', '123', false],
    ['%\\s%', 'a\tb', true],
    ['%^\\S+$%', 'a b', false],
    ['%\\w%', '_', true],
    ['%^\\W+$%', '-+-', true],
    ['%\\x3A%', 'a:b', true],
    ['%\\x28%', 'f(x)', true],
  ])('%s on %p → %p', (pattern, message, expected) => {
    expect(matches(pattern, message)).toBe(expected);
  });

  it.each([
    ['{ $.eventType = %Trail% }', true],
    ['{ $.eventType != %Trail% }', false],
    ['{ $.arrayKey[0] = %val.{2}% }', true],
    ['{ $.sourceIPAddress = %111\\.111\\.111\\.1[0-9]{1,2}% }', true],
    ['{ $.eventType = %^Trail% }', false],
    ['{ $.missing = %x% }', false],
  ])('JSON value %s → %p', (pattern, expected) => {
    const event = JSON.stringify({ eventType: 'UpdateTrail', arrayKey: ['value'], sourceIPAddress: '111.111.111.111' });
    expect(matches(pattern, event)).toBe(expected);
  });

  it.each([
    ['[ip, user = %^fr%, ...]', true],
    ['[ip, user != %^fr%, ...]', false],
    ['[..., status = %^40[0-9]$%, bytes]', true],
  ])('space-delimited value %s → %p', (pattern, expected) => {
    expect(matches(pattern, '127.0.0.1 frank admin 404 1534')).toBe(expected);
  });

  it.each([
    ['%(\\w+\\s?)+$%', '('],
    ['%something!%', '!'],
    ['%caf\u00e9%', '\u00e9'],
    ['{ $.a = %x(y)% }', '('],
    ['[a = %"q"%, ...]', '"'],
  ])('refuses %p as AWS does: "Invalid character(s) in term \'%s\'"', (pattern, character) => {
    let error: unknown;
    try {
      parseFilterPattern(pattern);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FilterPatternError);
    expect((error as FilterPatternError).awsMessage).toBe(`Invalid character(s) in term '${character}'`);
  });

  it('allows 2 regular expressions in a filter pattern, not 3', () => {
    expect(matches('%a% %b%', 'ab')).toBe(true);
    expect(matches('{ $.a = %x% || $.b = %y% }', '{"b":"y"}')).toBe(true);
    expect(() => parseFilterPattern('%a% %b% %c%')).toThrow(FilterPatternError);
    expect(() => parseFilterPattern('{ $.a = %x% || $.b = %y% || $.c = %z% }')).toThrow(FilterPatternError);
  });

  it('refuses an expression RE2 cannot compile', () => {
    expect(() => parseFilterPattern('%[a%')).toThrow(FilterPatternError);
    expect(() => parseFilterPattern('%a{1001}%')).toThrow(FilterPatternError);
  });
});

describe('filter patterns: matching time is linear in the event (no ReDoS)', () => {
  /** Milliseconds `fn` takes. */
  const timed = (fn: () => void) => {
    const start = performance.now();
    fn();
    return performance.now() - start;
  };

  it('a regex that backtracks catastrophically in JavaScript (seconds at 40 bytes) takes milliseconds over 100 kB', () => {
    const pattern = parseFilterPattern('%\\w*\\w*\\w*\\w*\\w*\\w*=%');
    let result = true;
    const ms = timed(() => (result = pattern.matches('a'.repeat(100_000))));
    expect(result).toBe(false);
    expect(ms).toBeLessThan(1000);
  });

  it('a wildcard with many stars (a backtracking RegExp before) is linear too', () => {
    const pattern = parseFilterPattern(`{ $.x = "${'*a'.repeat(12)}*b" }`);
    let result = true;
    const ms = timed(() => (result = pattern.matches(JSON.stringify({ x: 'a'.repeat(5000) }))));
    expect(result).toBe(false);
    expect(ms).toBeLessThan(1000);
  });

  it('space-delimited: several ... over many fields bind at once, and an unclosed [ or " does not rescan the line', () => {
    const words = Array.from({ length: 400 }, (_, i) => `w${i}`).join(' ');
    const tooManyNamed = `[..., ..., ..., ${Array.from({ length: 401 }, (_, i) => `f${i}`).join(', ')}]`;
    expect(timed(() => expect(matches(tooManyNamed, words)).toBe(false))).toBeLessThan(1000);
    expect(matches('[a, ..., b, ..., c = w399]', words)).toBe(true);
    expect(matches('[a = w0, ..., b = w398, ..., c]', words)).toBe(true);
    expect(timed(() => expect(matches('[a, ...]', '[x '.repeat(50_000))).toBe(true))).toBeLessThan(1000);
  });
});

describe('filter patterns: * wildcards', () => {
  it.each([
    ['x', 'x', true],
    ['x', 'xy', false],
    ['ERR*', 'ERROR', true],
    ['ERR*', 'AN ERROR', false],
    ['*Trail', 'UpdateTrail', true],
    ['*Trail', 'Trails', false],
    ['*date*', 'UpdateTrail', true],
    ['*', '', true],
    ['**', 'anything', true],
    ['a*b*c', 'a-b-c', true],
    ['a*b*c', 'a-c-b', false],
    ['*.*', 'a.b', true],
    ['a.c', 'abc', false],
    ['a*b', 'a\nb', true],
  ])('"%s" on %p → %p', (value, text, expected) => {
    expect(matches(`{ $.v = ${JSON.stringify(value)} }`, JSON.stringify({ v: text }))).toBe(expected);
  });
});
