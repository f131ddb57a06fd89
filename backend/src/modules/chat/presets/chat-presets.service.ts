import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ProviderRegistry } from '../../../ai/provider-registry';
import { AuthUser } from '../../../common/auth.decorators';
import { notFound } from '../../../common/domain-error';
import { Page, PageQueryDto, skipTake } from '../../../common/pagination';
import { ChatErrorCode } from '../chat.errors';
import { ChatPresetDto, ChatPresetInputDto } from '../dto/chat-preset.dto';
import { checkChatSettings, mergeChatSettings } from '../settings/chat-settings';
import { ChatPreset } from './chat-preset.entity';

/** A user's chat presets: saved models, system prompt and sampling. Only their owner sees them. */
@Injectable()
export class ChatPresetsService {
  constructor(
    @InjectRepository(ChatPreset) private readonly presets: Repository<ChatPreset>,
    private readonly registry: ProviderRegistry,
  ) {}

  async list(user: AuthUser, query: PageQueryDto): Promise<Page<ChatPresetDto>> {
    const [rows, total] = await this.presets.findAndCount({ where: { ownerId: user.id }, order: { name: 'ASC', createdAt: 'ASC' }, ...skipTake(query) });
    return { items: rows.map(toChatPresetDto), total, page: query.page, limit: query.limit };
  }

  async get(user: AuthUser, id: string): Promise<ChatPresetDto> {
    return toChatPresetDto(await this.own(user, id));
  }

  async create(user: AuthUser, dto: ChatPresetInputDto): Promise<ChatPresetDto> {
    const preset = this.presets.create({ ownerId: user.id, ...this.fields(dto) });
    return toChatPresetDto(await this.presets.save(preset));
  }

  async update(user: AuthUser, id: string, dto: ChatPresetInputDto): Promise<ChatPresetDto> {
    const preset = await this.own(user, id);
    Object.assign(preset, this.fields(dto));
    return toChatPresetDto(await this.presets.save(preset));
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    const { affected } = await this.presets.delete({ id, ownerId: user.id });
    if (!affected) throw notFound(ChatErrorCode.PRESET_NOT_FOUND, 'Preset');
  }

  private async own(user: AuthUser, id: string): Promise<ChatPreset> {
    const preset = await this.presets.findOneBy({ id, ownerId: user.id });
    if (!preset) throw notFound(ChatErrorCode.PRESET_NOT_FOUND, 'Preset');
    return preset;
  }

  /** The checked columns of a preset: its models known chat models, its settings within their rules. */
  private fields(dto: ChatPresetInputDto): Omit<ChatPreset, 'id' | 'ownerId' | 'createdAt' | 'updatedAt'> {
    const models = dto.models.map((id, index) => this.registry.chatModel(id, `models.${index}`));
    checkChatSettings(dto, models);
    const settings = mergeChatSettings(null, dto);
    return {
      name: dto.name,
      models: models.map((model) => model.id),
      systemPrompt: dto.systemPrompt?.trim() || null,
      temperature: settings?.temperature ?? null,
      topP: settings?.topP ?? null,
      maxTokens: settings?.maxTokens ?? null,
      modelSettings: settings?.modelSettings ?? null,
    };
  }
}

export function toChatPresetDto(preset: ChatPreset): ChatPresetDto {
  const { id, name, models, systemPrompt, temperature, topP, maxTokens, modelSettings, createdAt, updatedAt } = preset;
  return { id, name, models, systemPrompt, temperature, topP, maxTokens, modelSettings, createdAt, updatedAt };
}
