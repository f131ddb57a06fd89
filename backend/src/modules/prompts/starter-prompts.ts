/**
 * The prompt library's categories, and the built-in starter prompts of every workspace (written to
 * the database by `built-in-prompts.seed.ts`: raise its version when you change them).
 * Bodies use `{{name}}` for a required variable and `{{name|default}}` for an optional one.
 */
export const PROMPT_CATEGORIES = ['writing', 'marketing', 'sales', 'development', 'business', 'education', 'productivity', 'research', 'support', 'hr', 'legal', 'finance', 'creative', 'personal'] as const;
export type PromptCategory = (typeof PROMPT_CATEGORIES)[number];

export interface StarterPrompt {
  /**
   * Stable key, unique among the built-ins: how the seed finds the prompt again after its title or
   * text changed. Keep it when editing a prompt; a new prompt gets a new one.
   */
  slug: string;
  /** At most 120 characters. */
  title: string;
  /** The prompt text, with `{{variables}}`. */
  body: string;
  category: PromptCategory;
  /** 2 to 4 lowercase tags. */
  tags: string[];
}

export const STARTER_PROMPTS: readonly StarterPrompt[] = [
  // ── Writing ────────────────────────────────────────────────────────────────
  {
    slug: 'seo-article-outline',
    title: 'SEO article outline',
    body: `Create a detailed outline for a blog article targeting the keyword "{{keyword}}", written for {{audience}}.

1. Identify the search intent behind the keyword (informational, commercial, transactional) in one sentence.
2. Propose 3 title options (under 60 characters) and a meta description (under 155 characters).
3. Write the outline with an H1, H2 and H3 structure; under each heading, add 2-3 bullet points on what to cover.
4. List 5-8 related keywords and questions to answer naturally in the text.
5. Suggest a target length and 2-3 internal link ideas.

Do not invent statistics; mark places where data or a source is needed with [source].`,
    category: 'writing',
    tags: ['seo', 'blog', 'outline'],
  },
  {
    slug: 'edit-for-clarity-and-concision',
    title: 'Edit for clarity and concision',
    body: `Edit the text below to make it clearer, shorter and easier to read, while keeping my meaning and my voice. Target audience: {{audience|a general professional audience}}.

Editing passes:
- Structure: reorder ideas if the logic is hard to follow.
- Concision: remove filler, redundancy and unnecessary hedging.
- Clarity: prefer concrete words and active voice; break up long sentences.
- Correctness: fix grammar, spelling and punctuation.

Output:
1. The revised text.
2. A bullet list of the 3-6 most important changes and why you made them.

Text:
"""
{{text}}
"""`,
    category: 'writing',
    tags: ['editing', 'proofreading', 'clarity'],
  },
  {
    slug: 'newsletter-issue-from-key-points',
    title: 'Newsletter issue from key points',
    body: `Write a newsletter issue for {{audience}} based on the key points below. Tone: {{tone|warm and informative}}. Length: about {{length|400}} words.

Structure:
- 3 subject line options (under 50 characters) and a preview text.
- A short, engaging opening that connects with the reader.
- One section per key point, each with a descriptive subheading and a concrete takeaway.
- A closing with one clear call to action.

Key points:
{{key_points}}

Do not add facts or figures that are not in the key points; use [placeholder] where details are missing.`,
    category: 'writing',
    tags: ['newsletter', 'email', 'content'],
  },

  // ── Marketing ──────────────────────────────────────────────────────────────
  {
    slug: 'product-launch-social-posts',
    title: 'Product launch social posts',
    body: `Write a set of social media posts announcing the launch of {{product}}.

Context:
- What it does and for whom: {{description}}
- Launch date: {{launch_date|next week}}
- Channels: {{channels|LinkedIn, X and Instagram}}

For each channel, write 3 posts: a teaser before launch, the launch announcement and a follow-up with a benefit or use case. Adapt length, tone and format to each channel, include a clear call to action, and suggest relevant hashtags (max 3 per post) and a visual idea for each post.

Present the result as a table with columns: channel, timing, post text, visual idea.`,
    category: 'marketing',
    tags: ['social media', 'launch', 'copywriting'],
  },
  {
    slug: 'positioning-statement-and-messaging',
    title: 'Positioning statement and messaging',
    body: `Help me position {{product}} for {{target_customer}}.

Known alternatives customers use today: {{alternatives|not sure, please suggest the likely ones}}

Deliver:
1. A positioning statement: For [target] who [need], [product] is a [category] that [key benefit]. Unlike [alternative], it [differentiator].
2. The 3 key messages, each with a supporting proof point (or [proof needed] if I must provide one).
3. A one-line value proposition and a 25-word elevator pitch.
4. Words and claims to avoid because they are generic or unverifiable.

Ask me up to 3 questions first if something essential is missing.`,
    category: 'marketing',
    tags: ['positioning', 'messaging', 'strategy'],
  },
  {
    slug: 'a-b-test-plan-for-a-landing-page',
    title: 'A/B test plan for a landing page',
    body: `I want to improve the conversion rate of this landing page: {{page_description}}.
Current conversion rate: {{conversion_rate|unknown}}. Monthly visitors: {{visitors|unknown}}.

Propose 5 A/B test ideas ranked by expected impact and effort. For each test, give:
- the hypothesis (If we change X, then Y will improve because Z),
- the variant to build,
- the primary metric and one guardrail metric,
- the approximate sample size or duration needed, or what data you need to estimate it.

Present it as a table, then explain which test to run first and why. Do not invent benchmark figures.`,
    category: 'marketing',
    tags: ['ab testing', 'conversion', 'landing page'],
  },
  {
    slug: 'monthly-content-calendar',
    title: 'Monthly content calendar',
    body: `Create a content calendar for {{month|next month}} for {{brand}}, whose audience is {{audience}}.

Goals: {{goal|grow awareness and generate leads}}. Channels: blog, LinkedIn and newsletter.

Requirements:
- 2-3 themes for the month, linked to the goal.
- A mix of funnel stages (awareness, consideration, conversion).
- Repurpose each main piece into at least 2 smaller posts.

Output a table with columns: week, date, channel, format, topic or working title, funnel stage, call to action. Then list 3 ideas for measuring results.`,
    category: 'marketing',
    tags: ['content calendar', 'planning', 'social media'],
  },

  // ── Sales ──────────────────────────────────────────────────────────────────
  {
    slug: 'cold-email-for-a-b2b-prospect',
    title: 'Cold email for a B2B prospect',
    body: `Write a cold email to {{prospect_name}} at {{company}}.

Context:
- The pain point I believe they have: {{pain_point}}
- What I offer: {{offer|our solution}}
- Tone: {{tone|friendly}}

Rules:
- Under 120 words, no generic flattery, no buzzwords.
- Open with something specific to their situation, connect it to the pain point, and end with one low-friction call to action (for example a 15-minute call).
- Write 3 subject line options (under 6 words).

Then write 2 short follow-up emails to send 3 and 7 days later if there is no reply, each adding a new angle.`,
    category: 'sales',
    tags: ['cold email', 'prospecting', 'outreach'],
  },
  {
    slug: 'discovery-call-preparation',
    title: 'Discovery call preparation',
    body: `Prepare me for a discovery call with {{prospect}}, a {{role|decision maker}} at a company in the {{industry}} sector.

Give me:
1. 3 hypotheses about their likely challenges, to test during the call.
2. 10 discovery questions following SPIN (situation, problem, implication, need-payoff), with 2-3 per category.
3. Qualification questions to cover MEDDICC (metrics, economic buyer, decision criteria, decision process, pain, champion, competition).
4. A suggested agenda for a 30-minute call.
5. The next step I should try to secure at the end.

Format as headings and bullet lists I can read during the call.`,
    category: 'sales',
    tags: ['discovery', 'meddicc', 'spin'],
  },
  {
    slug: 'objection-handling-playbook',
    title: 'Objection handling playbook',
    body: `Build an objection handling playbook for selling {{product}} to {{buyer|B2B buyers}}.

Cover these objections: {{objections|price too high, no time right now, we already use a competitor, I need to ask my boss}}.

For each objection:
- what it may really mean,
- a clarifying question to ask,
- a response that acknowledges, reframes around value and ends with a question,
- a proof point I could use (mark [proof needed] if I must supply it).

Present it as a table I can use during calls, then add 3 general tips for handling objections.`,
    category: 'sales',
    tags: ['objections', 'playbook', 'negotiation'],
  },
  {
    slug: 'deal-review-and-next-steps',
    title: 'Deal review and next steps',
    body: `Review this sales opportunity and tell me how likely it is to close and what to do next.

Deal notes:
"""
{{deal_notes}}
"""

Expected close date: {{close_date|not set}}

1. Score the deal on each MEDDICC element (known, partial, unknown) in a table with the evidence.
2. List the top 3 risks.
3. Propose the next 3 actions, each with an owner and a date.
4. Give an honest forecast category (commit, best case, pipeline) and explain why.`,
    category: 'sales',
    tags: ['pipeline', 'forecast', 'qualification'],
  },

  // ── Development ────────────────────────────────────────────────────────────
  {
    slug: 'code-review-checklist',
    title: 'Code review checklist',
    body: `Review the following {{language}} code as a senior engineer would.

\`\`\`
{{code}}
\`\`\`

Check and report on:
1. Correctness: bugs, edge cases, error handling.
2. Security: injection, input validation, secrets, authorisation.
3. Readability: naming, structure, duplication, comments.
4. Performance: complexity, unnecessary work, database or network calls in loops.
5. Tests: what is missing.

For each finding give the severity (blocker, major, minor, nit), the line or snippet concerned and a suggested fix in a code block. End with a short summary and the 3 most important changes.`,
    category: 'development',
    tags: ['code review', 'quality', 'security'],
  },
  {
    slug: 'unit-test-generator',
    title: 'Unit test generator',
    body: `Write unit tests for the following {{language}} code using {{framework|the most common test framework for this language}}.

\`\`\`
{{code}}
\`\`\`

Requirements:
- Cover the normal cases, edge cases (empty, null, boundaries, large input) and error cases.
- One behaviour per test, with descriptive test names.
- Mock external dependencies (network, database, time) explicitly.
- Arrange, act, assert structure.

Output the complete test file in a code block with a language tag, then a short list of the cases covered and any behaviour that seems ambiguous or buggy in the code.`,
    category: 'development',
    tags: ['testing', 'unit tests', 'quality'],
  },
  {
    slug: 'sql-query-from-description',
    title: 'SQL query from description',
    body: `Write a SQL query for {{dialect|PostgreSQL}} that does the following:
{{description}}

Table schema:
{{schema}}

Requirements:
- Use explicit joins and clear aliases.
- Handle NULL values and duplicates correctly.
- Avoid SELECT *; select only the needed columns.

Output the query in a sql code block, then explain it step by step, state any assumption about the data, and suggest indexes that would help if the tables are large.`,
    category: 'development',
    tags: ['sql', 'database', 'query'],
  },
  {
    slug: 'bug-report-to-reproduction-steps',
    title: 'Bug report to reproduction steps',
    body: `Turn this bug report into a clear, actionable ticket for developers.

Bug report:
"""
{{bug_report}}
"""

Environment (if known): {{environment|not specified}}

Output:
- Title: short and specific.
- Steps to reproduce: numbered, minimal and precise.
- Expected result and actual result.
- Environment details and what information is still missing (list questions to ask the reporter).
- Likely areas of the code to investigate and 2-3 hypotheses about the cause.
- Severity and priority suggestion, with a one-line justification.`,
    category: 'development',
    tags: ['bugs', 'debugging', 'qa'],
  },

  // ── Business ───────────────────────────────────────────────────────────────
  {
    slug: 'swot-analysis',
    title: 'SWOT analysis',
    body: `Prepare a SWOT analysis for {{company}}, which operates in {{market}}.

Context I can share: {{context|none, use general knowledge and state your assumptions}}

Output:
1. A 2x2 SWOT table: strengths and weaknesses (internal), opportunities and threats (external), 4-6 specific points each.
2. Three strategic options that combine the quadrants (for example use a strength to seize an opportunity).
3. The key questions or data I should gather to validate the analysis.

Be specific rather than generic, and do not invent figures; mark any assumption clearly.`,
    category: 'business',
    tags: ['strategy', 'swot', 'analysis'],
  },
  {
    slug: 'pitch-deck-outline',
    title: 'Pitch deck outline',
    body: `Create an outline for a {{slides|12}}-slide investor pitch deck for {{company}}.

What we do: {{description}}
Stage and raise: {{stage|seed round}}

For each slide, give: the slide title, the key message in one sentence, the content to include (bullets), and a visual suggestion. Follow the usual investor storyline: problem, solution, why now, market, product, business model, traction, competition, go-to-market, team, financials, the ask.

Then list the 5 questions investors are most likely to ask and the data I need to prepare. Do not invent metrics; use [placeholder] where my numbers are needed.`,
    category: 'business',
    tags: ['pitch deck', 'fundraising', 'startup'],
  },
  {
    slug: 'one-page-business-plan',
    title: 'One-page business plan',
    body: `Write a one-page business plan for this idea: {{idea}}.

Target customers: {{customers}}
Location or market: {{market|France}}

Sections:
- Problem and solution
- Target customers and value proposition
- Revenue model and pricing hypothesis
- Channels to reach customers
- Key costs and resources
- Competition and differentiation
- Main risks and how to test them cheaply
- Milestones for the first 6 months

Keep each section to 3-5 bullets. List clearly which assumptions must be validated first.`,
    category: 'business',
    tags: ['business plan', 'startup', 'strategy'],
  },

  // ── Education ──────────────────────────────────────────────────────────────
  {
    slug: 'explain-it-at-any-age',
    title: 'Explain it at any age',
    body: `Explain {{topic}} as if I were {{age|12}} years old.

Guidelines:
- Start with a one-sentence summary.
- Use a simple analogy from everyday life.
- Build up the explanation step by step, defining any necessary term in plain words.
- Give one concrete example.
- End with 3 quick questions I can answer to check I understood, with the answers hidden at the end.

Keep it accurate: simplify, but do not say anything false.`,
    category: 'education',
    tags: ['explain', 'learning', 'simplify'],
  },
  {
    slug: 'study-plan',
    title: 'Study plan',
    body: `Create a study plan to learn {{subject}} in {{weeks|4}} weeks, with about {{hours_per_week|5}} hours per week.

My current level: {{level|beginner}}. My goal is to understand the fundamentals and be able to apply them on my own.

Output:
- The learning objectives for the whole plan.
- A week-by-week table: topics, activities (reading, practice, projects), estimated time and a checkpoint to verify progress.
- Spaced revision sessions built into the plan.
- A small final project or exam-style exercise.
- Types of resources to use (do not invent specific book titles or links; describe what to look for).`,
    category: 'education',
    tags: ['study', 'learning plan', 'education'],
  },
  {
    slug: 'quiz-generator',
    title: 'Quiz generator',
    body: `Create a quiz on {{topic}} for {{audience|high-school students}}.

- {{questions|10}} questions, mixing multiple choice (4 options), true or false and short answer.
- Progress from easy to harder questions.
- Each question tests one clear idea; avoid trick questions.

Output the quiz first without answers, then an answer key with a one-sentence explanation for each answer, so learners understand their mistakes.`,
    category: 'education',
    tags: ['quiz', 'assessment', 'teaching'],
  },
  {
    slug: 'socratic-tutor-session',
    title: 'Socratic tutor session',
    body: `Act as a patient Socratic tutor. Start by asking me what I want to learn or understand better, and what I already know about it.

Then guide me with questions rather than giving answers directly:
- Ask one question at a time and wait for my reply.
- Build on my answers; when I am wrong, help me find the error myself with a hint or a simpler question.
- Every few exchanges, summarise what I have understood so far.
- If I am stuck after two hints, explain the point briefly, then check my understanding with a new question.

At the end, give me a short recap of the key ideas and one exercise to practise.`,
    category: 'education',
    tags: ['tutoring', 'learning', 'socratic'],
  },

  // ── Productivity ───────────────────────────────────────────────────────────
  {
    slug: 'meeting-notes-to-action-items',
    title: 'Meeting notes to action items',
    body: `Turn these meeting notes into a clear summary and action list.

Notes:
"""
{{notes}}
"""

Output:
1. Summary: 3-5 bullets on what was discussed.
2. Decisions made.
3. Action items as a table: action, owner, due date (write "to define" if not mentioned).
4. Open questions and topics for the next meeting.

Only use information in the notes; do not invent owners or dates.`,
    category: 'productivity',
    tags: ['meetings', 'action items', 'summary'],
  },
  {
    slug: 'weekly-planning',
    title: 'Weekly planning',
    body: `Help me plan my week.

My priorities this week: {{priorities}}
Fixed commitments (meetings, appointments): {{commitments|none}}
Available working hours per day: {{hours|8}}

1. Sort my tasks using the Eisenhower matrix (urgent/important).
2. Identify my top 3 outcomes for the week.
3. Propose a day-by-day plan with focus blocks for deep work, buffers and time for email and admin.
4. Tell me what to delegate, postpone or drop.

Present the plan as a table (day, time block, task) and keep it realistic: no more than 70% of my time scheduled.`,
    category: 'productivity',
    tags: ['planning', 'time management', 'prioritisation'],
  },
  {
    slug: 'professional-email-reply',
    title: 'Professional email reply',
    body: `Write a reply to the email below.

Email received:
"""
{{email}}
"""

What I want to say: {{intent}}
Tone: {{tone|polite and professional}}

Keep it concise (under 150 words), answer every question asked in the original email, and end with a clear next step. Give me the reply, then a shorter alternative version.`,
    category: 'productivity',
    tags: ['email', 'communication', 'writing'],
  },
  {
    slug: 'end-of-day-review',
    title: 'End-of-day review',
    body: `Guide me through a 10-minute end-of-day review. Ask me the following questions one at a time and wait for my answer before moving on:

1. What did I complete today?
2. What did not get done, and why (too ambitious, interruptions, unclear next step)?
3. What is still on my mind that I need to write down?
4. What are the 3 most important things for tomorrow, and which one comes first?

Then summarise my answers in a short plan for tomorrow (top 3 priorities, first task, anything to delegate or drop) and give me one practical suggestion to make tomorrow smoother.`,
    category: 'productivity',
    tags: ['review', 'habits', 'planning'],
  },

  // ── Research ───────────────────────────────────────────────────────────────
  {
    slug: 'summarise-a-research-paper',
    title: 'Summarise a research paper',
    body: `Summarise the research paper below for {{audience|a non-specialist reader}}.

"""
{{paper}}
"""

Structure:
- One-sentence takeaway.
- Research question and why it matters.
- Method: data, sample, approach.
- Key findings, with the numbers reported in the paper.
- Limitations, including any the authors did not mention.
- What this means in practice and open questions.

Only use what is in the text; if something is unclear or missing, say so rather than guessing.`,
    category: 'research',
    tags: ['summary', 'papers', 'academic'],
  },
  {
    slug: 'research-plan-for-a-question',
    title: 'Research plan for a question',
    body: `Help me design a research plan to answer this question: {{question}}.

Context and constraints: {{constraints|limited time and budget, desk research only}}

Output:
1. The question reframed into 3-5 precise sub-questions.
2. For each, the type of sources or data that would answer it and how to find them (do not invent specific studies or URLs).
3. Methods to use (literature review, interviews, survey, data analysis) with pros and cons.
4. How to judge source reliability.
5. A step-by-step timeline and the format of the final deliverable.`,
    category: 'research',
    tags: ['research', 'methodology', 'planning'],
  },
  {
    slug: 'customer-interview-guide',
    title: 'Customer interview guide',
    body: `Write a customer interview guide to learn about {{topic}} from {{participants}}.

Goal of the interviews: {{goal|understand their current process and main frustrations}}

Include:
- A short introduction script (purpose, consent to take notes, duration of {{duration|30}} minutes).
- 12-15 open, non-leading questions grouped by theme, focused on past behaviour rather than opinions about the future.
- Follow-up prompts (for example "Tell me about the last time...").
- A note-taking template and how to synthesise answers across interviews.`,
    category: 'research',
    tags: ['user research', 'interviews', 'discovery'],
  },

  // ── Support ────────────────────────────────────────────────────────────────
  {
    slug: 'customer-apology-email',
    title: 'Customer apology email',
    body: `Write an apology email to {{customer_name}} about this issue: {{issue}}.

What we are doing to fix it: {{resolution|[describe the fix or next steps]}}
Compensation offered, if any: {{compensation|none}}

Guidelines:
- Acknowledge the specific problem and its impact on the customer, without excuses or blaming others.
- Take ownership and apologise once, sincerely.
- Explain clearly what happens next and when.
- Keep it under 180 words, warm and human.

Give a subject line and the email. Do not promise anything that is not stated above.`,
    category: 'support',
    tags: ['apology', 'customer service', 'email'],
  },
  {
    slug: 'knowledge-base-article-from-a-support-question',
    title: 'Knowledge-base article from a support question',
    body: `Turn this recurring support question into a knowledge-base article for {{product}}.

Customer question: {{question}}
Answer or solution: {{solution}}

Article format:
- Title phrased as the customer would ask the question.
- A short answer in 1-2 sentences.
- Numbered step-by-step instructions with exact button and menu names (use [screenshot] placeholders).
- A troubleshooting section: what to do if it does not work.
- Related topics to link to.

Use simple words and avoid internal jargon.`,
    category: 'support',
    tags: ['knowledge base', 'documentation', 'faq'],
  },
  {
    slug: 'de-escalate-an-angry-customer',
    title: 'De-escalate an angry customer',
    body: `Help me reply to an angry customer.

Their message:
"""
{{message}}
"""

What I can and cannot offer: {{options|[describe what you are allowed to do]}}
Channel: {{channel|email}}

1. Briefly analyse what the customer really needs and how they feel.
2. Write a reply that acknowledges their frustration specifically, takes ownership, explains the next steps and gives a clear timeline.
3. List phrases to avoid in this situation.
4. Say whether this should be escalated and to whom.`,
    category: 'support',
    tags: ['de-escalation', 'customer service', 'empathy'],
  },

  // ── HR ─────────────────────────────────────────────────────────────────────
  {
    slug: 'job-description',
    title: 'Job description',
    body: `Write a job description for a {{seniority|mid-level}} {{role}} based in {{location}}.

Company context: {{company_context|[short description of the company and team]}}

Sections:
- A short, engaging introduction to the role and why it matters.
- Main responsibilities (5-7 bullets, outcome-focused).
- Must-have requirements (keep it short) and nice-to-haves.
- What we offer (use [placeholders] for salary and benefits).
- The hiring process steps.

Use inclusive, gender-neutral language, avoid jargon and unnecessary requirements, and do not include any discriminatory criteria.`,
    category: 'hr',
    tags: ['recruiting', 'job description', 'hiring'],
  },
  {
    slug: 'structured-interview-questions',
    title: 'Structured interview questions',
    body: `Create a structured interview guide for a {{role}} position.

Key competencies to assess: {{competencies|problem solving, communication, teamwork, role-specific skills}}

For each competency:
- 2 behavioural questions (Tell me about a time...) and 1 situational question.
- Follow-up probes using the STAR method.
- What a strong, average and weak answer looks like.

Finish with a scoring grid (1-4 per competency) in a table. All candidates should get the same questions. Exclude any question about age, family, health, origin, religion or other protected characteristics.`,
    category: 'hr',
    tags: ['interviews', 'recruiting', 'scorecard'],
  },
  {
    slug: 'onboarding-plan-30-60-90-days',
    title: 'Onboarding plan (30-60-90 days)',
    body: `Create a 30-60-90 day onboarding plan for a new {{role}} joining the {{team|team}}.

Work setup: {{work_setup|hybrid}}

Include:
- Before day one: logistics, accounts, equipment, welcome message.
- First week: day-by-day schedule, key people to meet, a buddy.
- 30, 60 and 90 days: goals, learning, first deliverables and a check-in at each milestone.
- Questions the manager should ask at each check-in.

Present the milestones as a table (period, goals, activities, success signals).`,
    category: 'hr',
    tags: ['onboarding', 'new hire', 'management'],
  },

  // ── Legal ──────────────────────────────────────────────────────────────────
  {
    slug: 'contract-clause-explainer',
    title: 'Contract clause explainer',
    body: `Explain the following contract clause in plain language. Jurisdiction: {{jurisdiction|France}}.

Clause:
"""
{{clause}}
"""

Output:
1. What it means in simple words.
2. Who it favours and why.
3. Risks or unusual points for me, and how common this wording is.
4. Possible changes to negotiate, with suggested wording.
5. Questions to ask a lawyer before signing.

This is general information, not legal advice: recommend confirming important points with a qualified lawyer.`,
    category: 'legal',
    tags: ['contracts', 'clauses', 'plain language'],
  },
  {
    slug: 'gdpr-compliance-checklist-for-a-new-feature',
    title: 'GDPR compliance checklist for a new feature',
    body: `Give me a GDPR checklist for this feature or project: {{feature}}.

Personal data involved: {{data|[list the data collected]}}
Our role: {{role|data controller}}

Cover:
- Lawful basis for each processing purpose.
- Information to give users and consent where required.
- Data minimisation and retention periods.
- Security measures and access control.
- Processors and international transfers (article 28 agreements).
- Data subject rights and how to handle requests.
- Whether a DPIA is likely needed.

Present it as a checklist table (item, question to answer, status). State that this is general information and recommend checking with your DPO or a lawyer.`,
    category: 'legal',
    tags: ['gdpr', 'privacy', 'compliance'],
  },
  {
    slug: 'contract-review-key-points-to-check',
    title: 'Contract review: key points to check',
    body: `I am about to sign a {{contract_type}} as the {{party|customer}}. Jurisdiction: {{jurisdiction|France}}.

Contract text or summary:
"""
{{contract}}
"""

Review it and produce a table with: clause, what it says, risk level (low, medium, high), and what to negotiate. Pay particular attention to term and termination, price and payment, liability limits, warranties, intellectual property, confidentiality, data protection and dispute resolution. Then list anything important that seems to be missing.

Remind me this is general information and that a qualified lawyer should review the contract before signing.`,
    category: 'legal',
    tags: ['contracts', 'review', 'negotiation'],
  },

  // ── Finance ────────────────────────────────────────────────────────────────
  {
    slug: 'cash-flow-forecast-assumptions',
    title: 'Cash-flow forecast assumptions',
    body: `Help me build the assumptions for a {{months|12}}-month cash-flow forecast for {{business}}.

What I know so far: {{known_data|[revenue, costs, payment terms, cash at bank]}}

1. List every assumption I need, grouped into: revenue and collections, payroll, operating expenses, taxes (including VAT), capex, financing.
2. For each, explain why it matters and how to estimate it; mark clearly which values I must provide.
3. Propose a monthly forecast table structure (rows and columns).
4. Suggest base, downside and upside scenarios and the warning signs to monitor.

Do not invent figures: use placeholders where my data is needed.`,
    category: 'finance',
    tags: ['cash flow', 'forecast', 'planning'],
  },
  {
    slug: 'budget-vs-actual-variance-analysis',
    title: 'Budget vs actual variance analysis',
    body: `Analyse the variances between budget and actual figures below for {{period|last month}}.

Data:
"""
{{data}}
"""

Output:
1. A table with each line: budget, actual, variance in value and in %, favourable or unfavourable.
2. The 3-5 most significant variances and their likely causes, with questions to check them.
3. Corrective actions and whether the forecast should be updated.

Show your calculations and do not invent numbers that are not in the data.`,
    category: 'finance',
    tags: ['budget', 'variance', 'reporting'],
  },
  {
    slug: 'unit-economics-calculator',
    title: 'Unit economics calculator',
    body: `Calculate the unit economics of my business with these inputs:
{{inputs}}

Business model: {{model|subscription (SaaS)}}

Compute, showing formulas and each step: gross margin, customer acquisition cost (CAC), customer lifetime value (LTV), LTV/CAC ratio and CAC payback period in months.

Then explain in plain language what these numbers say about the health of the business, and give 3 levers to improve them. If an input is missing, tell me which one and how to estimate it instead of guessing.`,
    category: 'finance',
    tags: ['unit economics', 'saas', 'kpis'],
  },

  // ── Creative ───────────────────────────────────────────────────────────────
  {
    slug: 'short-story-starter',
    title: 'Short story starter',
    body: `Write the opening of a short story.

Genre: {{genre|mystery}}
Setting: {{setting|a small coastal town in winter}}
Main character: {{character|someone hiding a secret}}

Requirements:
- About 400 words.
- Start in the middle of an action or a striking moment.
- Establish the character's voice, the atmosphere and a central question that makes the reader want to continue.
- Show, don't tell; use concrete sensory details.

Then propose 3 different directions the story could take next.`,
    category: 'creative',
    tags: ['fiction', 'storytelling', 'writing'],
  },
  {
    slug: 'brainstorm-names',
    title: 'Brainstorm names',
    body: `Brainstorm names for {{thing}}.

Description: {{description}}
Desired feeling or style: {{style|modern, memorable and easy to pronounce}}

Give 20 name ideas grouped by approach (descriptive, evocative, invented words, metaphors). For each, add a one-line rationale. Then pick your top 5 and explain why, and list checks to do before choosing (domain name, trademarks, meaning in other languages).`,
    category: 'creative',
    tags: ['naming', 'brainstorming', 'branding'],
  },
  {
    slug: 'poem-on-a-theme',
    title: 'Poem on a theme',
    body: `Write a poem about {{theme}}.

Form: {{form|free verse}}
Mood: {{mood|reflective}}
Length: {{lines|16}} lines.

Use concrete images rather than abstract statements, avoid clichés, and end on a line that shifts or deepens the meaning. After the poem, add 2 sentences on the main images and choices you made.`,
    category: 'creative',
    tags: ['poetry', 'creative writing'],
  },

  // ── Personal ───────────────────────────────────────────────────────────────
  {
    slug: 'weekly-meal-plan-and-shopping-list',
    title: 'Weekly meal plan and shopping list',
    body: `Create a weekly meal plan for {{people|2}} people.

Dietary preferences or restrictions: {{diet|none}}
Budget: {{budget|moderate}}. Time to cook on weekdays: {{cooking_time|30 minutes}} max.

Output:
- A table with breakfast, lunch and dinner for 7 days, reusing ingredients to reduce waste.
- A shopping list grouped by store section, with quantities.
- 2 meals that can be prepared in advance on the weekend.

Keep it balanced and varied.`,
    category: 'personal',
    tags: ['meal planning', 'cooking', 'health'],
  },
  {
    slug: 'trip-itinerary',
    title: 'Trip itinerary',
    body: `Plan a {{days|5}}-day trip to {{destination}}.

Travellers: {{travellers|2 adults}}. Interests: {{interests|food, culture and walks}}. Keep the pace relaxed, with some free time every day.

Give a day-by-day itinerary with morning, afternoon and evening suggestions grouped by area to limit travel time, plus practical tips (getting around, booking ahead, local customs). Do not invent opening hours or prices; tell me what to check before going.`,
    category: 'personal',
    tags: ['travel', 'itinerary', 'planning'],
  },
  {
    slug: 'decision-helper',
    title: 'Decision helper',
    body: `Help me make a decision: {{decision}}.

The options I am considering: {{options}}
What matters most to me: {{criteria|cost, time, long-term impact and how I feel about it}}

1. Ask me up to 3 clarifying questions if something important is missing.
2. Compare the options in a table against my criteria.
3. List the main risks and what would make me regret each choice.
4. Suggest a small test or step to reduce uncertainty before deciding.
5. Give your balanced recommendation, while reminding me the decision is mine.`,
    category: 'personal',
    tags: ['decision making', 'pros and cons'],
  },
  {
    slug: 'career-reflection-coach',
    title: 'Career reflection coach',
    body: `Act as a supportive career coach. I want to reflect on my career and my next steps.

Ask me questions one at a time, and wait for my answer each time, to explore:
- what I do today and what I enjoy or dislike about it,
- my strengths, as shown by concrete achievements,
- my values and what I want more or less of in my work,
- constraints (location, income, time, family) and the options I am considering.

After about 8 questions, summarise what you heard, suggest 2-3 possible directions with their pros and cons, and propose small, concrete next steps for the coming month (people to talk to, skills to test, applications). Be encouraging but honest.`,
    category: 'personal',
    tags: ['career', 'coaching', 'reflection'],
  },
];
