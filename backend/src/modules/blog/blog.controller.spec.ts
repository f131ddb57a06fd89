import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto, ROUTE_PARAM_ID } from '../../../test/support/controller-setup';
import { BlogController } from './blog.controller';
import { BlogErrorCode } from './blog.errors';
import { BlogService } from './blog.service';
import { ArticleInputDto, ArticleQueryDto } from './dto/blog.dto';

describe(BlogController.name, () => {
  const api = controllerSetup(BlogController, { mocks: [BlogService] });
  const blog = api.mock(BlogService);
  const article = {
    title: ' Tides of the Atlantic ',
    slug: 'tides-of-the-atlantic',
    excerpt: 'Why the sea comes and goes.',
    body: '# Tides\n\nThe moon pulls.',
    coverMediaId: null,
    category: 'Science',
    tags: [' Sea ', 'MOON'],
    language: 'en',
    status: 'scheduled',
    publishAt: '2030-01-01T09:00:00.000Z',
  };

  // Writers are editors and admins: a user is refused (403) before the service is called.
  describeRouteAccess(api, { admin: ['createBlogArticle', 'updateBlogArticle', 'deleteBlogArticle', 'listBlogRevisions', 'restoreBlogRevision'], namedParams: ['getBlogArticleBySlug'] });

  describeValidation(api, [
    {
      handler: 'listBlogArticles',
      query: { search: 'tides', category: 'Science', tag: ' Moon ', language: 'fr', status: 'draft', mine: 'true', limit: '5' },
      wrong: { page: '0', limit: '1000', language: 'de', status: 'archived', mine: 'yes', search: 'x'.repeat(101), tag: 'x'.repeat(41) },
      calls: [blog.list, api.user, dto(ArticleQueryDto, { search: 'tides', category: 'Science', tag: 'moon', language: 'fr', status: 'draft', mine: true, page: 1, limit: 5 })],
    },
    {
      handler: 'createBlogArticle',
      as: 'admin',
      body: article,
      wrong: { title: ' ', slug: 'Not A Slug', body: '', coverMediaId: 'cover.png', category: '', tags: ['x'.repeat(41)], language: 'de', status: 'archived', publishAt: 'tomorrow' },
      calls: [blog.create, api.admin, dto(ArticleInputDto, { ...article, title: 'Tides of the Atlantic', tags: ['sea', 'moon'] })],
    },
    {
      handler: 'updateBlogArticle',
      as: 'admin',
      body: { ...article, status: 'draft', publishAt: null },
      wrong: { status: 'live', excerpt: 'x'.repeat(501) },
      calls: [blog.update, api.admin, ROUTE_PARAM_ID, dto(ArticleInputDto, { ...article, title: 'Tides of the Atlantic', tags: ['sea', 'moon'], status: 'draft', publishAt: null })],
    },
  ]);

  it.each([
    ['not_found', BlogErrorCode.BLOG_ARTICLE_NOT_FOUND, 404],
    ['conflict', BlogErrorCode.BLOG_SLUG_TAKEN, 409],
    ['invalid', BlogErrorCode.BLOG_COVER_NOT_IMAGE, 400],
  ] as const)('%s %s answers %i in the error shape', async (kind, code, status) => {
    blog.update.mockRejectedValue(domainError(kind, code, 'As the service says'));
    const response = await api.http().put(`/api/blog/articles/${ROUTE_PARAM_ID}`).set(api.auth.admin).send(article).expect(status);
    expect(response.body).toEqual({ statusCode: status, code, message: 'As the service says' });
  });

  it('reads an article by its slug and the categories under /api, not on the public pages', async () => {
    blog.bySlug.mockResolvedValue({ slug: 'tides' } as never);
    blog.categories.mockResolvedValue([{ category: 'Science', count: 2 }]);
    await api.http().get('/api/blog/articles/by-slug/tides').set(api.auth.user).expect(200);
    expect(blog.bySlug).toHaveBeenCalledWith(api.user, 'tides');
    expect((await api.http().get('/api/blog/categories').set(api.auth.user).expect(200)).body).toEqual([{ category: 'Science', count: 2 }]);
    await api.http().get('/blog/categories').set(api.auth.user).expect(404);
  });

  it('restores a revision named by its id', async () => {
    blog.restore.mockResolvedValue({} as never);
    await api.http().post(`/api/blog/articles/${ROUTE_PARAM_ID}/revisions/${ROUTE_PARAM_ID}/restore`).set(api.auth.admin).expect(200);
    expect(blog.restore).toHaveBeenCalledWith(api.admin, ROUTE_PARAM_ID, ROUTE_PARAM_ID);
    await api.http().post(`/api/blog/articles/${ROUTE_PARAM_ID}/revisions/not-an-id/restore`).set(api.auth.admin).expect(404);
  });
});
