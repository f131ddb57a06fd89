import type { ChatModel } from '../../ai/models';
import type { OpenAiModelDto } from './dto/chat-completion.dto';

/** A catalogue model in OpenAI's `/v1/models` shape (`owned_by`: its provider). */
export const toOpenAiModelDto = (model: ChatModel): OpenAiModelDto => ({ id: model.id, object: 'model', created: 0, owned_by: model.provider });
