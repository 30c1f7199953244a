/**
 * The subset of an AWS service model (botocore `service-2.json`) that local-cloud validates requests against:
 * each implemented operation's input shape and the shapes it reaches, with their constraints. Generated into
 * `src/models/<signingName>.json` by `scripts/generate-models.ts`; never edited by hand.
 */

/** A shape's type, as the model names it. */
export type ShapeType =
  | 'structure' | 'list' | 'map'
  | 'string' | 'integer' | 'long' | 'float' | 'double' | 'boolean' | 'timestamp' | 'blob';

/** Where a member travels in a REST request (`uri` label, `querystring`, `header`, `headers` prefix); body when absent. */
export type MemberLocation = 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';

export interface ModelMember {
  readonly shape: string;
  readonly location?: MemberLocation;
  /** A body member's key on the wire, where it differs from the member name. */
  readonly locationName?: string;
}

export interface ModelShape {
  readonly type: ShapeType;
  /** structure: members that must be present */
  readonly required?: readonly string[];
  readonly members?: Readonly<Record<string, ModelMember>>;
  /** list: the element shape */
  readonly member?: string;
  /** map: key and value shapes */
  readonly key?: string;
  readonly value?: string;
  /** length (string, blob, list, map) or value range (numbers) */
  readonly min?: number;
  readonly max?: number;
  /** The model's (Java) pattern, as AWS prints it in messages. */
  readonly pattern?: string;
  /** The same pattern as JavaScript source where it had to be rewritten to compile (see the generator). */
  readonly jsPattern?: string;
  /** RegExp flags the pattern compiles with (`u` where it can). */
  readonly patternFlags?: string;
  readonly enum?: readonly string[];
  /** AWS never echoes a sensitive value in a message (`Value at 'plaintext' …`). */
  readonly sensitive?: boolean;
}

export interface ServiceModel {
  readonly metadata: {
    readonly signingName: string;
    readonly apiVersion: string;
    readonly protocol: string;
    readonly serviceId: string;
    readonly botocoreVersion: string;
  };
  /** Implemented operations by name; `input` names their input shape (absent: the operation takes none). */
  readonly operations: Readonly<Record<string, { readonly input?: string }>>;
  readonly shapes: Readonly<Record<string, ModelShape>>;
}
