import { Foundation1764144000000 } from './1764144000000-foundation';
import { WorkspaceKeys1764160000000 } from './1764160000000-workspace-keys';
import { Chat1764170000000 } from './1764170000000-chat';
import { UsageAndAccessTokens1764180000000 } from './1764180000000-usage-and-access-tokens';
import { Prompts1764190000000 } from './1764190000000-prompts';
import { Agents1764200000000 } from './1764200000000-agents';
import { Media1764210000000 } from './1764210000000-media';
import { Generation1764220000000 } from './1764220000000-generation';
import { Knowledge1764230000000 } from './1764230000000-knowledge';
import { McpServers1764240000000 } from './1764240000000-mcp-servers';
import { AgentTools1764250000000 } from './1764250000000-agent-tools';
import { SeedVersions1764260000000 } from './1764260000000-seed-versions';
import { PromptUses1764270000000 } from './1764270000000-prompt-uses';
import { JobDispatch1764280000000 } from './1764280000000-job-dispatch';
import { ConversationSidebar1764300000000 } from './1764300000000-conversation-sidebar';
import { ChatSettings1764310000000 } from './1764310000000-chat-settings';
import { KeyChecksAndOnboarding1764320000000 } from './1764320000000-key-checks-and-onboarding';
import { ChatAttachments1764330000000 } from './1764330000000-chat-attachments';
import { ChatBranches1764400000000 } from './1764400000000-chat-branches';
import { Combinations1764420000000 } from './1764420000000-combinations';
import { Administration1764430000000 } from './1764430000000-administration';
import { MergedAnswers1764440000000 } from './1764440000000-merged-answers';
import { Budgets1764450000000 } from './1764450000000-budgets';
import { InvitationRevocation1764460000000 } from './1764460000000-invitation-revocation';
import { ProviderAccess1764461000000 } from './1764461000000-provider-access';
import { ModelSettings1764470000000 } from './1764470000000-model-settings';

/** Every migration, in order. Listed explicitly so the same list runs from ts-jest and from dist. */
export const migrations = [Foundation1764144000000, WorkspaceKeys1764160000000, Chat1764170000000, UsageAndAccessTokens1764180000000, Prompts1764190000000, Agents1764200000000, Media1764210000000, Generation1764220000000, Knowledge1764230000000, McpServers1764240000000, AgentTools1764250000000, SeedVersions1764260000000, PromptUses1764270000000, JobDispatch1764280000000, ConversationSidebar1764300000000, ChatSettings1764310000000, KeyChecksAndOnboarding1764320000000, ChatAttachments1764330000000, ChatBranches1764400000000, Combinations1764420000000, Administration1764430000000, MergedAnswers1764440000000, Budgets1764450000000, InvitationRevocation1764460000000, ProviderAccess1764461000000, ModelSettings1764470000000];
