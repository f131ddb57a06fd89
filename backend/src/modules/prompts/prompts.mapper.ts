import type { AuthUser } from '../../common/auth.decorators';
import type { PromptDto, PromptExportDto } from './dto/prompt.dto';
import { parseVariables } from './prompt-template';
import type { Prompt } from './prompt.entity';

/** A prompt as `user` sees it: whether it is theirs, whether they marked it, and its variables. */
export function toPromptDto(user: AuthUser, prompt: Prompt, favorite: boolean): PromptDto {
  return {
    id: prompt.id,
    title: prompt.title,
    body: prompt.body,
    category: prompt.category,
    tags: prompt.tags,
    visibility: prompt.visibility,
    builtIn: prompt.builtIn,
    mine: prompt.ownerId === user.id,
    favorite,
    useCount: prompt.useCount,
    variables: safeVariables(prompt.body),
    createdAt: prompt.createdAt,
    updatedAt: prompt.updatedAt,
  };
}

/** A user's prompts in the file they export (and can import again). */
export function toPromptExportDto(prompts: Prompt[]): PromptExportDto {
  return { version: 1, exportedAt: new Date(), prompts: prompts.map(({ title, body, category, tags, visibility }) => ({ title, body, category, tags, visibility })) };
}

/** The variables of a stored prompt, or none when its body does not parse: the prompt is still listed. */
function safeVariables(body: string) {
  try {
    return parseVariables(body);
  } catch {
    return [];
  }
}
