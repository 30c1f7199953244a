import type { Protocol } from '../core/service';
import { awsJson } from './aws-json';
import { awsQuery } from './aws-query';
import type { ProtocolCodec } from './codec';
import { restJson } from './rest-json';
import { restXml } from './rest-xml';

/** The one codec of each protocol. */
export const CODECS: Readonly<Record<Protocol, ProtocolCodec>> = {
  awsQuery,
  awsJson1_1: awsJson,
  restJson1: restJson,
  restXml,
};

export type { ProtocolCodec, DecodedCall } from './codec';
