import type { Seed } from '../../database/seeder';
import { syncRows } from '../../database/sync-rows';
import { Agent } from './agent.entity';
import { BUILT_IN_AGENT_TOOLS, BUILT_IN_AGENTS } from './built-in-agents';
import { DEFAULT_MAX_STEPS, DEFAULT_TIME_LIMIT_SECONDS } from './dto/agent.dto';

/**
 * The built-in agents as `built-in-agents.ts` has them, matched by slug: new ones added, changed
 * ones updated in place (conversations keep pointing at them), removed ones deleted. Raise
 * `version` with every change to `BUILT_IN_AGENTS` or `BUILT_IN_AGENT_TOOLS`.
 */
export const builtInAgentsSeed: Seed = {
  name: 'agents.built-in',
  version: 1,
  run: (manager) =>
    syncRows(manager, Agent, {
      key: 'slug',
      rows: BUILT_IN_AGENTS.map((agent) => ({
        ...agent,
        starters: [...agent.starters],
        tools: [...BUILT_IN_AGENT_TOOLS[agent.slug]],
        referenceNotes: '',
        collectionIds: [],
        maxSteps: DEFAULT_MAX_STEPS,
        timeLimitSeconds: DEFAULT_TIME_LIMIT_SECONDS,
        ownerId: null,
        builtIn: true,
      })),
      scope: { builtIn: true },
    }),
};
