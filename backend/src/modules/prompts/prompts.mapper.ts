import type { AuthUser } from '../../common/auth.decorators';
import type { UiLanguage } from '../../common/request-language';
import type { PromptDto, PromptExportDto } from './dto/prompt.dto';
import { parseVariables } from './prompt-template';
import type { Prompt } from './prompt.entity';
import { frenchTag, PROMPT_VARIABLE_LABELS_FR, STARTER_PROMPTS_FR } from './starter-prompts.fr';

/**
 * The title and text of a prompt in `language`: a built-in one in French when asked (its text is
 * what the model receives, so it is French too); a user's own prompt as they wrote it.
 */
export function promptTexts(prompt: Pick<Prompt, 'builtIn' | 'slug' | 'title' | 'body'>, language: UiLanguage = 'en'): { title: string; body: string } {
  const french = prompt.builtIn && prompt.slug && language === 'fr' ? STARTER_PROMPTS_FR[prompt.slug] : undefined;
  return french ? { title: french.title, body: french.body } : { title: prompt.title, body: prompt.body };
}

/** A prompt as `user` sees it: whether it is theirs, whether they marked it, and its variables (built-in ones in `language`). */
export function toPromptDto(user: AuthUser, prompt: Prompt, favorite: boolean, language: UiLanguage = 'en'): PromptDto {
  const { title, body } = promptTexts(prompt, language);
  return {
    id: prompt.id,
    title,
    body,
    category: prompt.category,
    tags: prompt.builtIn && language === 'fr' ? prompt.tags.map(frenchTag) : prompt.tags,
    visibility: prompt.visibility,
    builtIn: prompt.builtIn,
    mine: prompt.ownerId === user.id,
    favorite,
    useCount: prompt.useCount,
    variables: safeVariables(body).map((variable) => {
      const label = prompt.builtIn && language === 'fr' ? PROMPT_VARIABLE_LABELS_FR[variable.name] : undefined;
      return label ? { ...variable, label } : variable;
    }),
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
