/**
 * The errors of reading a template. Their messages are CloudFormation's own `ValidationError` texts, so a
 * caller that answers as CloudFormation (local-cloud) can pass them on unchanged.
 */

/** A template CloudFormation would refuse: malformed text, a bad section, a malformed intrinsic function. */
export class TemplateError extends Error {
  /** CloudFormation's error code for every template error. */
  public readonly code = 'ValidationError';

  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/**
 * A valid template that uses an intrinsic function this package does not evaluate (`Fn::Cidr`,
 * `Fn::Transform`, …). CloudFormation would accept it: a caller says in its own words that it cannot.
 */
export class UnsupportedFunctionError extends TemplateError {
  constructor(public readonly functionName: string) {
    super(`Template format error: Unsupported intrinsic function ${functionName}`);
    this.name = 'UnsupportedFunctionError';
  }
}
