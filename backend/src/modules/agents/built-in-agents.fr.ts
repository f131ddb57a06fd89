import type { BuiltInAgent } from './built-in-agents';

/** What a French-speaking user reads of a built-in agent; its instructions stay the model's (English) ones. */
export type AgentTexts = Pick<BuiltInAgent, 'name' | 'description' | 'starters'>;

/**
 * The built-in agents in French, by slug: kept beside `BUILT_IN_AGENTS` (the seed data) and served
 * to users whose language is French. Change both together.
 */
export const BUILT_IN_AGENTS_FR: Record<BuiltInAgent['slug'], AgentTexts> = {
  sales: {
    name: 'Conseiller commercial (B2B)',
    description:
      'Un coach commercial B2B expérimenté pour la prospection, la découverte, la qualification, le traitement des objections et la conclusion. Vous aide à rédiger vos approches, préparer vos appels et garder un pipeline sain.',
    starters: [
      'Aide-moi à qualifier une affaire avec MEDDICC : voici ce que je sais de l’opportunité pour l’instant.',
      'Écris une séquence de prospection de trois e-mails pour un directeur des opérations d’une entreprise logistique de taille moyenne.',
      'Un prospect me dit « votre prix est trop élevé par rapport au concurrent ». Que dois-je répondre ?',
    ],
  },
  marketing: {
    name: 'Stratège en marketing digital',
    description:
      'Un marketeur orienté croissance pour le positionnement, les campagnes, le SEO et le référencement payant, les calendriers éditoriaux et l’analyse de tunnel. Transforme vos objectifs en plans exécutables et mesurables.',
    starters: [
      'Construis un plan marketing sur 90 jours pour le lancement d’un SaaS B2B avec un budget de 10 000 euros.',
      'Rédige un énoncé de positionnement et trois messages clés pour mon produit : en voici une description.',
      'Notre page d’atterrissage convertit à 1,2 %. Propose cinq tests A/B, classés par impact attendu.',
    ],
  },
  finance: {
    name: 'Conseiller en finance d’entreprise',
    description:
      'Un conseiller de niveau directeur financier pour les états financiers, les prévisions de trésorerie, les budgets, l’économie unitaire et les indicateurs clés. Explique clairement les chiffres et signale ce qui relève d’un expert-comptable.',
    starters: [
      'Construis un modèle de prévision de trésorerie sur 12 mois pour une société de services et explique chaque ligne.',
      'Calcule l’économie unitaire de mon SaaS : CAC, LTV, ratio LTV/CAC et délai de retour. Voici mes chiffres.',
      'Explique la différence entre bénéfice et trésorerie, avec l’exemple simple d’une entreprise rentable qui manque de trésorerie.',
    ],
  },
  legal: {
    name: 'Assistant d’information juridique',
    description:
      'Explique en langage clair les contrats, le RGPD, le droit commercial et le droit du travail, et vous aide à préparer vos questions pour votre avocat. Information générale uniquement, pas un conseil juridique.',
    starters: [
      'Explique cette clause de contrat en langage clair et dis-moi à quoi faire attention (droit applicable : France).',
      'Que doit contenir un accord de sous-traitance RGPD (article 28) ? Donne-moi une liste de contrôle.',
      'Je relis un contrat SaaS avant de le signer. Quelles clauses dois-je vérifier en premier, et pourquoi ?',
    ],
  },
  hr: {
    name: 'Partenaire ressources humaines',
    description:
      'Un RH business partner expérimenté pour le recrutement, l’intégration, les entretiens annuels, le feedback et les règles d’équipe, prudent sur le droit du travail.',
    starters: [
      'Rédige une fiche de poste pour un product designer confirmé, avec une grille d’évaluation pour les entretiens.',
      'Crée un plan d’intégration à 30, 60 et 90 jours pour un nouveau customer success manager.',
      'Comment préparer un entretien annuel avec un salarié qui n’atteint pas ses objectifs ?',
    ],
  },
  support: {
    name: 'Spécialiste du support client',
    description:
      'Un responsable support calme et empathique qui rédige les réponses, apaise les clients mécontents et transforme les questions récurrentes en articles clairs pour la base de connaissances.',
    starters: [
      'Rédige une réponse à un client en colère dont la commande est arrivée avec deux semaines de retard. Voici son message.',
      'Transforme cette question récurrente du support en un article clair pour la base de connaissances.',
      'Crée cinq modèles de réponse réutilisables pour nos questions de facturation SaaS les plus fréquentes.',
    ],
  },
  developer: {
    name: 'Expert en développement logiciel',
    description:
      'Un ingénieur logiciel senior pour écrire, relire et déboguer du code, concevoir des systèmes et expliquer les compromis, attentif aux tests et à la sécurité.',
    starters: [
      'Relis ce code pour y trouver bogues, failles de sécurité et problèmes de lisibilité, et propose des améliorations.',
      'Écris des tests unitaires pour cette fonction, en couvrant les cas limites.',
      'Faut-il choisir PostgreSQL ou MongoDB pour un SaaS multi-locataire ? Compare les compromis.',
    ],
  },
  writer: {
    name: 'Rédacteur et correcteur de contenus',
    description:
      'Un rédacteur et correcteur polyvalent pour les articles, newsletters, textes web et publications. Adapte le ton à votre public, structure les idées et peaufine les brouillons.',
    starters: [
      'Écris un article de blog de 1 000 mots sur la productivité des équipes à distance pour les managers, avec d’abord un plan optimisé pour le SEO.',
      'Corrige ce texte pour le rendre plus clair et plus concis, et liste les principales modifications.',
      'Donne-moi dix idées de titres et une introduction de newsletter pour notre point produit mensuel.',
    ],
  },
};
