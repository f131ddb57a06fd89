import { EMPTY_CHAT_SETTINGS, hasSettings, presetInput, settingsOfConversation, settingsRequest } from './chat-settings';

describe('chat settings', () => {
  const form = { systemPrompt: '  Be brief.  ', temperature: 0.4, topP: null, maxTokens: 200, modelSettings: { 'openai/gpt-5.4': { topP: 0.5 }, 'local/webox-mini': {} } };

  it('sends every field, so the conversation keeps exactly what the panel shows (null clears)', () => {
    expect(settingsRequest(form, false)).toEqual({ systemPrompt: 'Be brief.', temperature: 0.4, topP: null, maxTokens: 200, modelSettings: { 'openai/gpt-5.4': { topP: 0.5 } } });
    expect(settingsRequest(EMPTY_CHAT_SETTINGS, false)).toEqual({ systemPrompt: null, temperature: null, topP: null, maxTokens: null, modelSettings: null });
  });

  it('leaves the system prompt to the agent in an agent’s conversation', () => {
    expect(settingsRequest(form, true)).not.toHaveProperty('systemPrompt');
  });

  it('saves a preset with the selected models and only their own settings', () => {
    expect(presetInput('Brief', ['local/webox-mini'], form)).toEqual({ name: 'Brief', models: ['local/webox-mini'], systemPrompt: 'Be brief.', temperature: 0.4, topP: null, maxTokens: 200, modelSettings: null });
  });

  it('reads a stored conversation back, and tells when anything differs from the defaults', () => {
    const read = settingsOfConversation({ id: 'c', title: 't', pinned: false, archived: false, folder: null, models: [], createdAt: '', updatedAt: '', messages: [], systemPrompt: 'Hi', settings: { topP: 0.9 } });
    expect(read).toEqual({ systemPrompt: 'Hi', temperature: null, topP: 0.9, maxTokens: null, modelSettings: {} });
    expect(hasSettings(read)).toBe(true);
    expect(hasSettings(EMPTY_CHAT_SETTINGS)).toBe(false);
    expect(hasSettings({ ...EMPTY_CHAT_SETTINGS, modelSettings: { 'local/webox-mini': {} } })).toBe(false);
  });
});
