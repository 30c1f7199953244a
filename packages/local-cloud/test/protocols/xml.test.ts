import { AwsError } from '../../src/core/aws-error';
import { parseXml, xmlEscape, xmlList, xmlMembers } from '../../src/protocols/xml';

describe('XML', () => {
  it('escapes text', () => {
    expect(xmlEscape(`<a href="x">&'</a>\r`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;&#xd;');
  });

  it('writes members: scalars, timestamps, booleans, blobs, <member> lists, entry maps; omits empty structures', () => {
    const xml = xmlMembers({
      Name: 'a<b',
      Count: 3,
      On: false,
      At: new Date('2025-01-02T03:04:05.678Z'),
      Blob: Buffer.from('hi'),
      Items: ['x', 'y'],
      None: [],
      Structs: [{ K: 'v' }],
      Summary: new Map([['Roles', 2]]),
      Empty: {},
      Missing: undefined,
    }, {});
    expect(xml).toBe('<Name>a&lt;b</Name><Count>3</Count><On>false</On><At>2025-01-02T03:04:05.678Z</At><Blob>aGk=</Blob>'
      + '<Items><member>x</member><member>y</member></Items><None/><Structs><member><K>v</K></member></Structs>'
      + '<Summary><entry><key>Roles</key><value>2</value></entry></Summary>');
  });

  it('follows hints: flattened lists, item names, element names', () => {
    const xml = xmlMembers({ Contents: [{ Key: 'a' }, { Key: 'b' }], Buckets: [{ Name: 'n' }], Rules: [{ X: '1' }] }, {
      Contents: { flattened: true },
      Buckets: { member: 'Bucket' },
      Rules: { flattened: true, name: 'Rule' },
    });
    expect(xml).toBe('<Contents><Key>a</Key></Contents><Contents><Key>b</Key></Contents><Buckets><Bucket><Name>n</Name></Bucket></Buckets><Rule><X>1</X></Rule>');
  });

  it('parses request XML, keeping text as text and dropping layout whitespace', () => {
    const doc = parseXml('<?xml version="1.0"?>\n<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\n  <Object><Key> 007 &amp; x </Key></Object>\n  <Quiet>true</Quiet>\n</Delete>');
    expect(doc).toEqual({ Delete: { Object: { Key: ' 007 & x ' }, Quiet: 'true' } });
    expect(xmlList((doc.Delete as Record<string, unknown>).Object)).toHaveLength(1);
  });

  it('refuses malformed XML and any DTD as MalformedXML', () => {
    for (const bad of ['<a><b></a>', 'not xml', '<!DOCTYPE x [<!ENTITY e "boom">]><a>&e;</a>', '']) {
      expect(() => parseXml(bad)).toThrow(AwsError);
      try {
        parseXml(bad);
      } catch (e) {
        expect((e as AwsError).code).toBe('MalformedXML');
      }
    }
  });
});
