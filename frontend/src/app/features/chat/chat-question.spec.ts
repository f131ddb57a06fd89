import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { SessionStore } from '../../core/auth/session.store';
import type { TurnView } from '../../shared/chat/chat-turns';
import { ChatQuestion } from './chat-question';

const turn = (askedBy?: TurnView['askedBy']): TurnView => ({ key: 'k1', turn: 1, question: 'Who built it?', userMessageId: 'm1', siblingIds: ['m1'], replies: {}, ...(askedBy ? { askedBy } : {}) });

describe('ChatQuestion', () => {
  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({ providers: [{ provide: SessionStore, useValue: { user: signal({ id: 'u-me' }) } }] });
  });
  afterEach(() => localStorage.clear());

  async function render(value: TurnView) {
    const fixture = TestBed.createComponent(ChatQuestion);
    fixture.componentRef.setInput('turn', value);
    fixture.detectChanges();
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('names who asked a question of a shared conversation when it was someone else', async () => {
    const root = await render(turn({ userId: 'u-bob', name: 'Bob' }));
    expect(root.querySelector('[data-testid="question-asked-by"]')?.textContent?.trim()).toBe('Asked by Bob');
  });

  it('says nothing for my own questions, nor outside shared conversations', async () => {
    expect((await render(turn({ userId: 'u-me', name: 'Me' }))).querySelector('[data-testid="question-asked-by"]')).toBeNull();
    expect((await render(turn())).querySelector('[data-testid="question-asked-by"]')).toBeNull();
  });
});
