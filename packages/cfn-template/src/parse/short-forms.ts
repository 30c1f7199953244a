import * as YAML from 'yaml';

/** YAML short-form tags and the long form each one stands for (CloudFormation User Guide, "Intrinsic function reference"). */
export const SHORT_FORMS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!FindInMap': 'Fn::FindInMap',
  '!GetAtt': 'Fn::GetAtt',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!Sub': 'Fn::Sub',
  '!Transform': 'Fn::Transform',
  '!And': 'Fn::And',
  '!Equals': 'Fn::Equals',
  '!If': 'Fn::If',
  '!Not': 'Fn::Not',
  '!Or': 'Fn::Or',
  '!Contains': 'Fn::Contains',
  '!EachMemberEquals': 'Fn::EachMemberEquals',
  '!EachMemberIn': 'Fn::EachMemberIn',
  '!RefAll': 'Fn::RefAll',
  '!ValueOf': 'Fn::ValueOf',
  '!ValueOfAll': 'Fn::ValueOfAll',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
};

/** The `yaml` custom tags that turn each short form (scalar, sequence or mapping) into its long form. */
export function shortFormTags(): YAML.Tags {
  const tags: YAML.Tags = [];
  for (const [tag, name] of Object.entries(SHORT_FORMS)) {
    tags.push({
      tag,
      resolve: (value: string) => {
        // `!GetAtt Res.Attr` is the dotted string form; the first dot splits
        if (name === 'Fn::GetAtt') {
          const dot = value.indexOf('.');
          return { [name]: dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
        }
        return { [name]: value };
      },
    });
    tags.push({ tag, collection: 'seq', resolve: (seq) => ({ [name]: seq.toJSON() }) });
    tags.push({ tag, collection: 'map', resolve: (map) => ({ [name]: map.toJSON() }) });
  }
  return tags;
}
