import { localApiUrl, parseStageUrl } from '../../../src/client';

describe('execute-api URLs: a stage URL on AWS → where local-cloud serves it', () => {
  it.each([
    ['https://a1b2c3d4e5.execute-api.ap-southeast-1.amazonaws.com/v1/', 'http://127.0.0.1:4566', 'http://127.0.0.1:4566/_aws/execute-api/a1b2c3d4e5/v1/'],
    ['https://zz9.execute-api.us-east-1.amazonaws.com/prod', 'http://127.0.0.1:4604/', 'http://127.0.0.1:4604/_aws/execute-api/zz9/prod/'],
    ['https://abc.execute-api.cn-north-1.amazonaws.com.cn/beta/', 'http://localhost:1', 'http://localhost:1/_aws/execute-api/abc/beta/'],
  ])('%s at %s → %s', (apiUrl, endpoint, expected) => {
    expect(localApiUrl(apiUrl, endpoint)).toBe(expected);
  });

  it('parses the API, region and stage', () => {
    expect(parseStageUrl('https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/v1/')).toEqual({ restApiId: 'a1b2c3d4e5', region: 'eu-west-1', stageName: 'v1' });
  });

  it.each([
    'https://example.com/v1/',
    'http://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/v1/',
    'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/',
    'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/v1/items',
    'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com.evil.com/v1/',
  ])('%s is not a stage URL', (url) => {
    expect(parseStageUrl(url)).toBeUndefined();
    expect(() => localApiUrl(url, 'http://127.0.0.1:4566')).toThrow(/is not an API Gateway stage URL/);
  });
});
