import type { DecisionRecord } from './authorizer';

/** Where a running server answers `local-cloud explain <request-id>` (loopback, like the rest of local-cloud). */
export { EXPLAIN_PATH } from '../../../core/defaults';

/**
 * A refused request explained, for `local-cloud explain <request-id>`: who, what, on what, with which context
 * keys, every policy consulted, the statements that decided, and for a refusal the smallest statement that
 * would allow it and where it belongs.
 */
export function explainRefusal(requestId: string, records: readonly DecisionRecord[]): string {
  const out: string[] = [`request ${requestId}`];
  for (const r of records) {
    const p = r.principal;
    out.push('', `${r.decision.allowed ? 'ALLOWED' : 'REFUSED'}  ${r.action} on ${r.resource}`);
    out.push(`  principal: ${p.arn} (${p.type}${p.principalArn !== p.arn ? `, role ${p.principalArn}` : ''})`);
    if (r.message) out.push(`  AWS says: ${r.message}`);
    out.push('  context keys:');
    for (const [k, v] of Object.entries(r.context)) out.push(`    ${k} = ${JSON.stringify(v)}`);
    out.push('  policies consulted:');
    const consulted = [...p.identity, ...(p.boundary ? [p.boundary] : []), ...(p.session ?? []), ...(r.resourcePolicy ? [r.resourcePolicy] : [])];
    if (consulted.length === 0) out.push('    (none)');
    for (const policy of consulted) out.push(`    ${policy.kind.padEnd(8)} ${policy.name}`);
    for (const arn of p.unknownManaged) out.push(`    identity ${arn} (attached; local-cloud has no document for it: it grants nothing)`);
    if (r.decision.statements.length > 0) {
      out.push('  deciding statements:');
      for (const s of r.decision.statements) {
        out.push(`    ${s.statement.effect} ${s.statement.sid ? `"${s.statement.sid}" ` : ''}(statement ${s.statement.index + 1} of ${s.policy.name}): ${JSON.stringify(s.statement.statement)}`);
      }
    }
    if (!r.decision.allowed) out.push(`  to allow it: ${remedy(r)}`);
  }
  return out.join('\n');
}

/** The smallest change that would allow the request, and where it belongs. */
function remedy(r: DecisionRecord): string {
  const p = r.principal;
  const allow = (extra: object = {}) => JSON.stringify({ Effect: 'Allow', ...extra, Action: r.action, Resource: r.resource });
  switch (r.decision.reason) {
    case 'no-identity':
      return `add to an identity-based policy of ${p.principalArn}: ${allow()}`;
    case 'no-resource':
      return `add to the ${r.resourcePolicy?.name ?? 'resource-based policy'}: ${JSON.stringify({ Effect: 'Allow', Principal: { AWS: p.principalArn }, Action: r.action, Resource: '*' })}`;
    case 'no-trust':
      return `add to the ${r.resourcePolicy?.name ?? 'trust policy'}: ${JSON.stringify({ Effect: 'Allow', Principal: { AWS: p.principalArn }, Action: 'sts:AssumeRole' })}`;
    case 'no-session':
      return `assume the role with a session policy that also allows it (${allow()}), or with none`;
    case 'no-boundary':
      return `set a permissions boundary on ${p.principalArn} that allows it (${p.boundary?.name ?? ''} does not)`;
    default:
      return `remove or narrow the deny statement(s) above (${r.decision.reason ?? 'explicit deny'})`;
  }
}
