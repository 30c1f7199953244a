/**
 * API Gateway's throttle: a bucket of `burstLimit` tokens refilled at `rateLimit` tokens per second;
 * a request takes one token or is refused (429).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    public readonly rateLimit: number,
    public readonly burstLimit: number,
    now: number = performance.now(),
  ) {
    this.tokens = burstLimit;
    this.last = now;
  }

  /** Takes one token if there is one. `now` in milliseconds (monotonic). */
  public take(now: number = performance.now()): boolean {
    const elapsed = now - this.last;
    if (elapsed > 0) {
      this.tokens = Math.min(this.burstLimit, this.tokens + (elapsed * this.rateLimit) / 1000);
      this.last = now;
    }
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }
}
