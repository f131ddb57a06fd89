import { expect, test } from '@playwright/test';
import { apiHeaders, register, uniqueEmail } from './support';

/**
 * Sharing with a project (issue 27 §3): Ada shares one of her prompts with her project from its
 * members panel; Bob, a member in his own browser context, finds it in his prompt library and in
 * the project's panel, shared by Ada, and cannot unshare it.
 */
test('a prompt shared with a project is in the other member’s library', async ({ page: ada, browser }) => {
  test.setTimeout(180_000);
  const bobContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const bob = await bobContext.newPage();
  try {
    const bobEmail = uniqueEmail('share-bob');
    await register(bob, { name: 'Bob Share', email: bobEmail, password: 'share-tester-2026' });
    await register(ada, { name: 'Ada Share', email: uniqueEmail('share-ada'), password: 'share-tester-2026' });
    const headers = await apiHeaders(ada);
    const title = `Launch brief ${Date.now()}`;
    expect((await ada.request.post('/api/prompts', { headers, data: { title, body: 'Summarise {{topic}}', category: 'writing' } })).status()).toBe(201);
    const project = (await (await ada.request.post('/api/collaboration/projects', { headers, data: { name: `Launch ${Date.now()}` } })).json()) as { id: string; name: string };
    expect((await ada.request.post(`/api/collaboration/projects/${project.id}/members`, { headers, data: { email: bobEmail, role: 'viewer' } })).status()).toBe(201);

    await ada.goto('/collaboration');
    await ada.getByTestId('collab-projects').getByRole('button', { name: new RegExp(project.name) }).click();
    await ada.getByTestId('collab-members-toggle').click();
    await expect(ada.getByTestId('collab-shares-empty')).toBeVisible();
    await ada.getByTestId('collab-share-resource').click();
    await ada.getByRole('option', { name: title }).click();
    await ada.getByTestId('collab-share-submit').click();
    await expect(ada.getByTestId('collab-share')).toContainText(title);

    await bob.goto('/prompts');
    await expect(bob.getByText(title).first()).toBeVisible();
    await bob.goto('/collaboration');
    await bob.getByTestId('collab-projects').getByRole('button', { name: new RegExp(project.name) }).click();
    await bob.getByTestId('collab-members-toggle').click();
    await expect(bob.getByTestId('collab-share')).toContainText('shared by Ada Share');
    await expect(bob.getByTestId('collab-unshare')).toHaveCount(0);
    await expect(bob.getByTestId('collab-share-submit')).toHaveCount(0);
  } finally {
    await bobContext.close();
  }
});
