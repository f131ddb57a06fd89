import { createHash } from 'node:crypto';
import { builtInAgentsSeed } from './built-in-agents.seed';
import { BUILT_IN_AGENT_TOOLS, BUILT_IN_AGENTS } from './built-in-agents';

describe('builtInAgentsSeed', () => {
  it('has its version raised whenever the built-in agents or their tools change', () => {
    // Changed BUILT_IN_AGENTS or BUILT_IN_AGENT_TOOLS? Raise builtInAgentsSeed.version, so existing
    // installations get the change at their next start, then write the new version and digest here.
    const digest = createHash('sha256').update(JSON.stringify({ BUILT_IN_AGENTS, BUILT_IN_AGENT_TOOLS })).digest('hex').slice(0, 16);
    expect({ version: builtInAgentsSeed.version, digest }).toEqual({ version: 1, digest: '06b481061151bffc' });
  });
});
