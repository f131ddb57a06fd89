import { Injectable } from '@nestjs/common';
import type { Tool, ToolContext, ToolOutput } from '../tools/tool';
import { CATALOG_CATEGORIES, type CatalogCategory } from './catalog-seed.types';
import { CatalogService } from './catalog.service';
import { CatalogQueryDto, type CatalogToolDto } from './dto/catalog.dto';

const RESULTS = 5;

/** Finds AI tools in Webox's catalog for an agent: what they do, their price, their site, and whether Webox reaches them. */
@Injectable()
export class CatalogSearchTool implements Tool {
  readonly name = 'catalog_search';
  readonly description =
    "Searches Webox's catalog of AI tools (chat assistants, image, video, audio and voice, code, productivity, research, automation, design, marketing) and returns the best matches with vendor, what they do, pricing, website and whether Webox integrates them. Use it when the user asks which AI tool to use for something, or about a specific AI tool.";
  readonly parameters = {
    type: 'object',
    properties: {
      query: { type: 'string', minLength: 1, maxLength: 100, description: 'A tool name or what it should do, e.g. "image generation" or "Midjourney"' },
      category: { type: 'string', enum: [...CATALOG_CATEGORIES], description: 'Only tools of this category' },
    },
    required: ['query'],
    additionalProperties: false,
  };

  constructor(private readonly catalog: CatalogService) {}

  async run(args: Record<string, unknown>, context: ToolContext): Promise<ToolOutput> {
    const query = String(args['query']).trim();
    const category = args['category'] as CatalogCategory | undefined;
    const search = (words: string) => this.catalog.list(context.user, Object.assign(new CatalogQueryDto(), { search: words, category, page: 1, limit: RESULTS }), 'en');
    let { items } = await search(query);
    // "a tool to make videos from text": full text wants every word; fall back to the longest words one by one.
    if (!items.length) {
      for (const word of [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? [])].sort((a, b) => b.length - a.length).slice(0, 4)) {
        items = (await search(word)).items;
        if (items.length) break;
      }
    }
    if (!items.length) return { content: `No AI tool in the catalog matches "${query}".`, summary: `No catalog tool matches "${query.slice(0, 80)}"`, summaryKey: 'catalogNotFound', params: { query: query.slice(0, 80) } };
    return { content: items.map(describe).join('\n\n'), summary: JSON.stringify(items.map((tool) => ({ name: tool.name, vendor: tool.vendor, category: tool.category, pricing: price(tool), website: tool.website }))) };
  }
}

function describe(tool: CatalogToolDto): string {
  const webox = tool.webox ? `Available in Webox (${tool.webox.page}: ${tool.webox.models.join(', ')}).` : 'Not integrated in Webox.';
  const stars = tool.rating.count ? ` Rated ${tool.rating.average}/5 by ${tool.rating.count} user(s).` : '';
  return `${tool.name} by ${tool.vendor} (${tool.category}) — ${tool.description}\nPricing: ${price(tool)}. ${tool.pricingNote} Public API: ${tool.publicApi ? 'yes' : 'no'}. Website: ${tool.website}\n${webox}${stars}`;
}

const price = (tool: CatalogToolDto) => (tool.entryPriceUsd !== null ? `${tool.pricing}, from $${tool.entryPriceUsd}/month` : tool.pricing);
