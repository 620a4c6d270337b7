/**
 * The dry run (dry_run: true): the release's own stages (release.ts) with a plan in place
 * of every state-changing request (plan.ts); then what was read, the requests a real run
 * would send, in order, and what it decides only as it runs. The stages' own lines go to
 * the debug log, where they name the planned ids as the fields they stand for.
 */
import type { StageContext, StageLog } from './context.ts';
import type { Plan } from './plan.ts';
import { NO_PROGRESS, release } from './release.ts';

/** The log the stages write to in a dry run: their lines at debug level, their warnings marked as the dry run's. */
export function planLog(log: StageLog, plan: Plan): StageLog {
  return {
    info: (message) => log.debug(plan.label(message)),
    debug: (message) => log.debug(plan.label(message)),
    warning: (message) => log.warning(`Dry run: ${plan.label(message instanceof Error ? message.message : message)}`),
    startGroup: () => undefined,
    endGroup: () => undefined
  };
}

export async function dryRun(ctx: StageContext, plan: Plan, out: StageLog): Promise<void> {
  out.info('Dry run (dry_run: true): the inputs are valid; only safe reads are made, nothing is changed.');
  const { deployment } = ctx.settings;
  if (deployment) out.info(`environment is ${deployment.environment}: a dry run records no GitHub deployment.`);
  ctx.report.plan = plan.record;
  try {
    await release(ctx, NO_PROGRESS);
  } catch (error) {
    for (const read of plan.record.reads) out.info(`Read: ${read}`);
    throw error;
  }
  plan.finish(ctx.report);
  logPlan(out, plan);
}

/** The plan in the log: what was read, then one line per request, exactly as it would be sent. */
function logPlan(log: StageLog, { record }: Plan): void {
  for (const read of record.reads) log.info(`Read: ${read}`);
  if (record.requests.length === 0) {
    log.info('A real run would send no request that changes state.');
  } else {
    log.info(
      `A real run would send ${record.requests.length === 1 ? 'this request' : `these ${record.requests.length} requests`} that change state, in order (each with Authorization: ${record.authorization}):`
    );
    record.requests.forEach((r, i) => {
      log.info(`  ${i + 1}. ${r.method} ${r.path}?${r.shownQuery}`);
      log.info(`     ${r.purpose}`);
    });
  }
  for (const note of record.notes) log.info(`Note: ${note}`);
}
