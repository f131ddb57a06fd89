import type { StarterPrompt } from './starter-prompts';

/** What a French-speaking user reads of a built-in prompt: its title and its text (same `{{variables}}`). */
export type PromptTexts = Pick<StarterPrompt, 'title' | 'body'>;

/**
 * The built-in prompts in French, by slug: kept beside `STARTER_PROMPTS` (the seed data) and served
 * to users whose language is French (the prompt's text is what the model receives, so it is French
 * too). Same variables as the English prompt, optional ones with a French default. Change both together.
 */
export const STARTER_PROMPTS_FR: Record<string, PromptTexts> = {
  'seo-article-outline': {
    title: 'Plan d’article optimisé pour le SEO',
    body: `Crée le plan détaillé d’un article de blog ciblant le mot-clé « {{keyword}} », écrit pour {{audience}}.

1. Identifie en une phrase l’intention de recherche derrière ce mot-clé (informationnelle, commerciale, transactionnelle).
2. Propose 3 titres possibles (moins de 60 caractères) et une méta-description (moins de 155 caractères).
3. Rédige le plan avec une structure H1, H2 et H3 ; sous chaque intertitre, ajoute 2 ou 3 puces sur ce qu’il faut y traiter.
4. Liste 5 à 8 mots-clés associés et questions auxquelles le texte doit répondre naturellement.
5. Suggère une longueur cible et 2 ou 3 idées de liens internes.

N’invente pas de statistiques ; signale par [source] les endroits où il faut une donnée ou une source.`,
  },
  'edit-for-clarity-and-concision': {
    title: 'Rendre un texte plus clair et plus concis',
    body: `Retravaille le texte ci-dessous pour le rendre plus clair, plus court et plus agréable à lire, en gardant mon propos et mon style. Public visé : {{audience|un public professionnel non spécialiste}}.

Passes de relecture :
- Structure : réordonne les idées si la logique est difficile à suivre.
- Concision : supprime le remplissage, les redites et les précautions inutiles.
- Clarté : préfère les mots concrets et la voix active ; coupe les phrases trop longues.
- Correction : corrige la grammaire, l’orthographe et la ponctuation.

Résultat attendu :
1. Le texte révisé.
2. Une liste des 3 à 6 changements les plus importants, et pourquoi tu les as faits.

Texte :
"""
{{text}}
"""`,
  },
  'newsletter-issue-from-key-points': {
    title: 'Numéro de newsletter à partir de points clés',
    body: `Rédige un numéro de newsletter pour {{audience}} à partir des points clés ci-dessous. Ton : {{tone|chaleureux et informatif}}. Longueur : environ {{length|400}} mots.

Structure :
- 3 propositions d’objet (moins de 50 caractères) et un texte d’aperçu.
- Une introduction courte et engageante qui crée le lien avec le lecteur.
- Une section par point clé, chacune avec un intertitre explicite et un enseignement concret.
- Une conclusion avec un seul appel à l’action, clair.

Points clés :
{{key_points}}

N’ajoute ni faits ni chiffres absents des points clés ; mets [à compléter] là où des détails manquent.`,
  },
  'product-launch-social-posts': {
    title: 'Publications pour le lancement d’un produit',
    body: `Rédige une série de publications pour les réseaux sociaux annonçant le lancement de {{product}}.

Contexte :
- Ce que fait le produit et pour qui : {{description}}
- Date de lancement : {{launch_date|la semaine prochaine}}
- Réseaux : {{channels|LinkedIn, X et Instagram}}

Pour chaque réseau, écris 3 publications : un teaser avant le lancement, l’annonce du lancement et une relance mettant en avant un bénéfice ou un cas d’usage. Adapte la longueur, le ton et le format à chaque réseau, ajoute un appel à l’action clair, propose des hashtags pertinents (3 au plus par publication) et une idée de visuel pour chacune.

Présente le résultat sous forme de tableau avec les colonnes : réseau, moment, texte de la publication, idée de visuel.`,
  },
  'positioning-statement-and-messaging': {
    title: 'Positionnement et messages clés',
    body: `Aide-moi à positionner {{product}} auprès de {{target_customer}}.

Solutions que les clients utilisent aujourd’hui : {{alternatives|je ne sais pas, propose les plus probables}}

À produire :
1. Un énoncé de positionnement : Pour [cible] qui [besoin], [produit] est un [catégorie] qui [bénéfice principal]. Contrairement à [alternative], il [élément différenciant].
2. Les 3 messages clés, chacun avec une preuve à l’appui (ou [preuve à fournir] si c’est à moi de l’apporter).
3. Une proposition de valeur en une ligne et un pitch de 25 mots.
4. Les mots et affirmations à éviter parce qu’ils sont génériques ou invérifiables.

Pose-moi d’abord jusqu’à 3 questions s’il manque quelque chose d’essentiel.`,
  },
  'a-b-test-plan-for-a-landing-page': {
    title: 'Plan de tests A/B pour une page d’atterrissage',
    body: `Je veux améliorer le taux de conversion de cette page d’atterrissage : {{page_description}}.
Taux de conversion actuel : {{conversion_rate|inconnu}}. Visiteurs par mois : {{visitors|inconnu}}.

Propose 5 idées de tests A/B classées par impact attendu et par effort. Pour chaque test, indique :
- l’hypothèse (si nous changeons X, alors Y s’améliorera parce que Z),
- la variante à construire,
- l’indicateur principal et un indicateur garde-fou,
- la taille d’échantillon ou la durée approximative nécessaire, ou les données qu’il te faut pour l’estimer.

Présente le tout sous forme de tableau, puis explique quel test lancer en premier et pourquoi. N’invente pas de chiffres de référence.`,
  },
  'monthly-content-calendar': {
    title: 'Calendrier éditorial mensuel',
    body: `Crée un calendrier éditorial pour {{month|le mois prochain}} pour {{brand}}, dont le public est {{audience}}.

Objectifs : {{goal|gagner en notoriété et générer des prospects}}. Canaux : blog, LinkedIn et newsletter.

Exigences :
- 2 ou 3 thèmes pour le mois, liés à l’objectif.
- Un équilibre entre les étapes du tunnel (notoriété, considération, conversion).
- Chaque contenu principal décliné en au moins 2 publications plus courtes.

Présente un tableau avec les colonnes : semaine, date, canal, format, sujet ou titre provisoire, étape du tunnel, appel à l’action. Puis donne 3 idées pour mesurer les résultats.`,
  },
  'cold-email-for-a-b2b-prospect': {
    title: 'E-mail de prospection B2B',
    body: `Rédige un e-mail de prospection à {{prospect_name}}, chez {{company}}.

Contexte :
- Le problème que je pense qu’ils rencontrent : {{pain_point}}
- Ce que je propose : {{offer|notre solution}}
- Ton : {{tone|cordial}}

Règles :
- Moins de 120 mots, pas de flatterie générique, pas de jargon à la mode.
- Commence par un élément propre à leur situation, relie-le au problème et termine par un seul appel à l’action peu engageant (par exemple un appel de 15 minutes).
- Propose 3 objets (moins de 6 mots).

Rédige ensuite 2 courtes relances à envoyer 3 et 7 jours plus tard en l’absence de réponse, chacune avec un angle nouveau.`,
  },
  'discovery-call-preparation': {
    title: 'Préparer un appel de découverte',
    body: `Prépare-moi à un appel de découverte avec {{prospect}}, {{role|décideur}} dans une entreprise du secteur {{industry}}.

Donne-moi :
1. 3 hypothèses sur leurs difficultés probables, à vérifier pendant l’appel.
2. 10 questions de découverte selon la méthode SPIN (situation, problème, implication, bénéfice attendu), 2 ou 3 par catégorie.
3. Des questions de qualification couvrant MEDDICC (indicateurs, acheteur économique, critères de décision, processus de décision, problème, champion, concurrence).
4. Un déroulé proposé pour un appel de 30 minutes.
5. La prochaine étape que je devrais chercher à obtenir à la fin.

Présente le tout avec des titres et des listes à puces que je peux lire pendant l’appel.`,
  },
  'objection-handling-playbook': {
    title: 'Guide de traitement des objections',
    body: `Construis un guide de traitement des objections pour vendre {{product}} à {{buyer|des acheteurs B2B}}.

Objections à traiter : {{objections|prix trop élevé, pas le temps en ce moment, nous travaillons déjà avec un concurrent, je dois en parler à ma hiérarchie}}.

Pour chaque objection :
- ce qu’elle peut vraiment signifier,
- une question de clarification à poser,
- une réponse qui prend acte, recentre sur la valeur et se termine par une question,
- une preuve que je pourrais utiliser (indique [preuve à fournir] si c’est à moi de l’apporter).

Présente-le sous forme de tableau utilisable pendant les appels, puis ajoute 3 conseils généraux pour traiter les objections.`,
  },
  'deal-review-and-next-steps': {
    title: 'Revue d’affaire et prochaines étapes',
    body: `Analyse cette opportunité commerciale et dis-moi quelles sont ses chances d’aboutir et quoi faire ensuite.

Notes sur l’affaire :
"""
{{deal_notes}}
"""

Date de signature prévue : {{close_date|non fixée}}

1. Évalue l’affaire sur chaque élément de MEDDICC (connu, partiel, inconnu) dans un tableau, avec les éléments qui le justifient.
2. Liste les 3 principaux risques.
3. Propose les 3 prochaines actions, chacune avec un responsable et une date.
4. Donne une catégorie de prévision honnête (engagé, meilleur cas, pipeline) et explique pourquoi.`,
  },
  'code-review-checklist': {
    title: 'Revue de code',
    body: `Relis le code {{language}} suivant comme le ferait un développeur confirmé.

\`\`\`
{{code}}
\`\`\`

Vérifie et commente :
1. Exactitude : bogues, cas limites, gestion des erreurs.
2. Sécurité : injections, validation des entrées, secrets, autorisations.
3. Lisibilité : nommage, structure, duplication, commentaires.
4. Performance : complexité, travail inutile, appels base de données ou réseau dans des boucles.
5. Tests : ce qui manque.

Pour chaque remarque, donne la gravité (bloquant, majeur, mineur, détail), la ligne ou l’extrait concerné et une correction proposée dans un bloc de code. Termine par un bref résumé et les 3 changements les plus importants.`,
  },
  'unit-test-generator': {
    title: 'Générateur de tests unitaires',
    body: `Écris des tests unitaires pour le code {{language}} suivant avec {{framework|le framework de test le plus courant pour ce langage}}.

\`\`\`
{{code}}
\`\`\`

Exigences :
- Couvre les cas normaux, les cas limites (vide, null, bornes, grandes entrées) et les cas d’erreur.
- Un comportement par test, avec des noms de tests explicites.
- Simule explicitement les dépendances externes (réseau, base de données, heure).
- Structure préparer, agir, vérifier.

Donne le fichier de tests complet dans un bloc de code avec l’indication du langage, puis une courte liste des cas couverts et de tout comportement du code qui semble ambigu ou erroné.`,
  },
  'sql-query-from-description': {
    title: 'Requête SQL à partir d’une description',
    body: `Écris une requête SQL pour {{dialect|PostgreSQL}} qui fait ce qui suit :
{{description}}

Schéma des tables :
{{schema}}

Exigences :
- Utilise des jointures explicites et des alias clairs.
- Gère correctement les valeurs NULL et les doublons.
- Évite SELECT * ; ne sélectionne que les colonnes nécessaires.

Donne la requête dans un bloc de code sql, puis explique-la étape par étape, précise toute hypothèse faite sur les données et suggère des index utiles si les tables sont volumineuses.`,
  },
  'bug-report-to-reproduction-steps': {
    title: 'D’un signalement de bogue à un ticket reproductible',
    body: `Transforme ce signalement de bogue en un ticket clair et exploitable pour les développeurs.

Signalement :
"""
{{bug_report}}
"""

Environnement (s’il est connu) : {{environment|non précisé}}

Résultat attendu :
- Titre : court et précis.
- Étapes pour reproduire : numérotées, minimales et précises.
- Résultat attendu et résultat obtenu.
- Détails de l’environnement et informations encore manquantes (liste des questions à poser à la personne qui a signalé le problème).
- Zones du code à examiner en priorité et 2 ou 3 hypothèses sur la cause.
- Gravité et priorité suggérées, justifiées en une ligne.`,
  },
  'swot-analysis': {
    title: 'Analyse SWOT',
    body: `Prépare une analyse SWOT pour {{company}}, qui opère sur {{market}}.

Contexte que je peux partager : {{context|aucun, appuie-toi sur des connaissances générales et indique tes hypothèses}}

Résultat attendu :
1. Un tableau SWOT 2x2 : forces et faiblesses (internes), opportunités et menaces (externes), 4 à 6 points précis pour chacune.
2. Trois options stratégiques qui combinent les quadrants (par exemple s’appuyer sur une force pour saisir une opportunité).
3. Les questions clés ou les données à rassembler pour valider l’analyse.

Sois précis plutôt que générique et n’invente pas de chiffres ; signale clairement chaque hypothèse.`,
  },
  'pitch-deck-outline': {
    title: 'Plan d’un pitch deck',
    body: `Crée le plan d’un pitch deck investisseurs de {{slides|12}} diapositives pour {{company}}.

Ce que nous faisons : {{description}}
Stade et levée : {{stage|tour d’amorçage}}

Pour chaque diapositive, donne : le titre, le message clé en une phrase, le contenu à inclure (puces) et une suggestion de visuel. Suis le fil habituel attendu par les investisseurs : problème, solution, pourquoi maintenant, marché, produit, modèle économique, traction, concurrence, stratégie de mise sur le marché, équipe, prévisions financières, montant recherché.

Liste ensuite les 5 questions que les investisseurs poseront le plus probablement et les données que je dois préparer. N’invente pas d’indicateurs ; mets [à compléter] là où mes chiffres sont nécessaires.`,
  },
  'one-page-business-plan': {
    title: 'Business plan en une page',
    body: `Rédige un business plan d’une page pour cette idée : {{idea}}.

Clients cibles : {{customers}}
Lieu ou marché : {{market|France}}

Sections :
- Problème et solution
- Clients cibles et proposition de valeur
- Modèle de revenus et hypothèse de prix
- Canaux pour atteindre les clients
- Principaux coûts et ressources
- Concurrence et différenciation
- Principaux risques et comment les tester à moindre coût
- Jalons des 6 premiers mois

Limite chaque section à 3 à 5 puces. Indique clairement quelles hypothèses doivent être validées en premier.`,
  },
  'explain-it-at-any-age': {
    title: 'Explique-le-moi à tout âge',
    body: `Explique-moi {{topic}} comme si j’avais {{age|12}} ans.

Consignes :
- Commence par un résumé en une phrase.
- Utilise une analogie simple tirée de la vie quotidienne.
- Construis l’explication pas à pas, en définissant avec des mots simples chaque terme nécessaire.
- Donne un exemple concret.
- Termine par 3 petites questions pour vérifier que j’ai compris, avec les réponses regroupées à la fin.

Reste exact : simplifie, mais ne dis rien de faux.`,
  },
  'study-plan': {
    title: 'Plan d’apprentissage',
    body: `Crée un plan pour apprendre {{subject}} en {{weeks|4}} semaines, à raison d’environ {{hours_per_week|5}} heures par semaine.

Mon niveau actuel : {{level|débutant}}. Mon objectif est de comprendre les bases et de savoir les appliquer seul.

Résultat attendu :
- Les objectifs d’apprentissage de l’ensemble du plan.
- Un tableau semaine par semaine : thèmes, activités (lecture, pratique, projets), temps estimé et un point d’étape pour vérifier les progrès.
- Des séances de révision espacées intégrées au plan.
- Un petit projet final ou un exercice type examen.
- Les types de ressources à utiliser (n’invente pas de titres de livres ni de liens précis ; décris ce qu’il faut chercher).`,
  },
  'quiz-generator': {
    title: 'Générateur de quiz',
    body: `Crée un quiz sur {{topic}} pour {{audience|des lycéens}}.

- {{questions|10}} questions, en mêlant QCM (4 choix), vrai ou faux et réponses courtes.
- Des questions de plus en plus difficiles.
- Chaque question évalue une idée claire ; évite les questions pièges.

Donne d’abord le quiz sans les réponses, puis un corrigé avec une explication d’une phrase pour chaque réponse, afin que les apprenants comprennent leurs erreurs.`,
  },
  'socratic-tutor-session': {
    title: 'Séance de tutorat socratique',
    body: `Joue le rôle d’un tuteur socratique patient. Commence par me demander ce que je veux apprendre ou mieux comprendre, et ce que j’en sais déjà.

Guide-moi ensuite par des questions plutôt qu’en donnant directement les réponses :
- Pose une question à la fois et attends ma réponse.
- Appuie-toi sur mes réponses ; quand je me trompe, aide-moi à trouver l’erreur moi-même avec un indice ou une question plus simple.
- Toutes les quelques questions, résume ce que j’ai compris jusque-là.
- Si je bloque après deux indices, explique brièvement le point, puis vérifie ma compréhension avec une nouvelle question.

À la fin, fais-moi un court récapitulatif des idées clés et donne-moi un exercice pour m’entraîner.`,
  },
  'meeting-notes-to-action-items': {
    title: 'Des notes de réunion aux actions à mener',
    body: `Transforme ces notes de réunion en un résumé clair et une liste d’actions.

Notes :
"""
{{notes}}
"""

Résultat attendu :
1. Résumé : 3 à 5 puces sur ce qui a été discuté.
2. Décisions prises.
3. Actions sous forme de tableau : action, responsable, échéance (écris « à définir » si elle n’est pas mentionnée).
4. Questions ouvertes et sujets pour la prochaine réunion.

N’utilise que les informations des notes ; n’invente ni responsables ni dates.`,
  },
  'weekly-planning': {
    title: 'Planifier ma semaine',
    body: `Aide-moi à planifier ma semaine.

Mes priorités cette semaine : {{priorities}}
Engagements fixes (réunions, rendez-vous) : {{commitments|aucun}}
Heures de travail disponibles par jour : {{hours|8}}

1. Classe mes tâches avec la matrice d’Eisenhower (urgent/important).
2. Identifie les 3 résultats les plus importants de ma semaine.
3. Propose un planning jour par jour avec des plages de concentration, des marges et du temps pour les e-mails et l’administratif.
4. Dis-moi ce que je dois déléguer, reporter ou abandonner.

Présente le planning sous forme de tableau (jour, créneau, tâche) et reste réaliste : pas plus de 70 % de mon temps planifié.`,
  },
  'professional-email-reply': {
    title: 'Réponse professionnelle à un e-mail',
    body: `Rédige une réponse à l’e-mail ci-dessous.

E-mail reçu :
"""
{{email}}
"""

Ce que je veux dire : {{intent}}
Ton : {{tone|courtois et professionnel}}

Sois concis (moins de 150 mots), réponds à chaque question posée dans l’e-mail d’origine et termine par une prochaine étape claire. Donne-moi la réponse, puis une variante plus courte.`,
  },
  'end-of-day-review': {
    title: 'Bilan de fin de journée',
    body: `Guide-moi dans un bilan de fin de journée de 10 minutes. Pose-moi les questions suivantes une par une et attends ma réponse avant de passer à la suivante :

1. Qu’ai-je terminé aujourd’hui ?
2. Qu’est-ce qui n’a pas été fait, et pourquoi (trop ambitieux, interruptions, prochaine étape floue) ?
3. Qu’ai-je encore en tête et dois-je noter ?
4. Quelles sont les 3 choses les plus importantes pour demain, et laquelle vient en premier ?

Résume ensuite mes réponses en un court plan pour demain (3 priorités, première tâche, ce qu’il faut déléguer ou abandonner) et donne-moi une suggestion concrète pour que demain se passe mieux.`,
  },
  'summarise-a-research-paper': {
    title: 'Résumer un article scientifique',
    body: `Résume l’article scientifique ci-dessous pour {{audience|un lecteur non spécialiste}}.

"""
{{paper}}
"""

Structure :
- L’essentiel en une phrase.
- La question de recherche et pourquoi elle compte.
- Méthode : données, échantillon, approche.
- Principaux résultats, avec les chiffres donnés dans l’article.
- Limites, y compris celles que les auteurs n’ont pas mentionnées.
- Ce que cela signifie en pratique et les questions qui restent ouvertes.

N’utilise que ce qui figure dans le texte ; si un point est flou ou manquant, dis-le plutôt que de deviner.`,
  },
  'research-plan-for-a-question': {
    title: 'Plan de recherche pour une question',
    body: `Aide-moi à concevoir un plan de recherche pour répondre à cette question : {{question}}.

Contexte et contraintes : {{constraints|temps et budget limités, recherche documentaire uniquement}}

Résultat attendu :
1. La question reformulée en 3 à 5 sous-questions précises.
2. Pour chacune, le type de sources ou de données qui y répondraient et comment les trouver (n’invente ni études précises ni URL).
3. Les méthodes à utiliser (revue de la littérature, entretiens, enquête, analyse de données), avec leurs avantages et inconvénients.
4. Comment juger de la fiabilité des sources.
5. Un calendrier étape par étape et le format du livrable final.`,
  },
  'customer-interview-guide': {
    title: 'Guide d’entretien client',
    body: `Rédige un guide d’entretien client pour en apprendre davantage sur {{topic}} auprès de {{participants}}.

Objectif des entretiens : {{goal|comprendre leur façon de faire actuelle et leurs principales frustrations}}

Inclure :
- Un court texte d’introduction (objectif, accord pour prendre des notes, durée de {{duration|30}} minutes).
- 12 à 15 questions ouvertes et non orientées, regroupées par thème, portant sur les comportements passés plutôt que sur des opinions sur l’avenir.
- Des relances (par exemple « Racontez-moi la dernière fois que… »).
- Un modèle de prise de notes et la façon de faire la synthèse des réponses d’un entretien à l’autre.`,
  },
  'customer-apology-email': {
    title: 'E-mail d’excuses à un client',
    body: `Rédige un e-mail d’excuses à {{customer_name}} au sujet de ce problème : {{issue}}.

Ce que nous faisons pour le résoudre : {{resolution|[décrivez la correction ou les prochaines étapes]}}
Geste commercial proposé, le cas échéant : {{compensation|aucun}}

Consignes :
- Reconnais le problème précis et ses conséquences pour le client, sans excuses toutes faites ni rejet de la faute sur d’autres.
- Assume la responsabilité et présente des excuses une seule fois, sincèrement.
- Explique clairement ce qui va se passer et quand.
- Reste sous les 180 mots, avec un ton chaleureux et humain.

Donne un objet et l’e-mail. Ne promets rien qui ne soit indiqué ci-dessus.`,
  },
  'knowledge-base-article-from-a-support-question': {
    title: 'Article de base de connaissances à partir d’une question du support',
    body: `Transforme cette question récurrente du support en un article de base de connaissances pour {{product}}.

Question du client : {{question}}
Réponse ou solution : {{solution}}

Format de l’article :
- Un titre formulé comme le client poserait la question.
- Une réponse courte en 1 ou 2 phrases.
- Des instructions numérotées pas à pas avec les noms exacts des boutons et des menus (utilise des emplacements [capture d’écran]).
- Une section de dépannage : que faire si cela ne fonctionne pas.
- Des sujets connexes vers lesquels renvoyer.

Emploie des mots simples et évite le jargon interne.`,
  },
  'de-escalate-an-angry-customer': {
    title: 'Apaiser un client mécontent',
    body: `Aide-moi à répondre à un client en colère.

Son message :
"""
{{message}}
"""

Ce que je peux et ne peux pas proposer : {{options|[décrivez ce que vous êtes autorisé à faire]}}
Canal : {{channel|e-mail}}

1. Analyse brièvement ce dont le client a réellement besoin et ce qu’il ressent.
2. Rédige une réponse qui reconnaît précisément sa frustration, assume la responsabilité, explique les prochaines étapes et donne un délai clair.
3. Liste les formulations à éviter dans cette situation.
4. Dis si le cas doit être remonté, et à qui.`,
  },
  'job-description': {
    title: 'Fiche de poste',
    body: `Rédige une fiche de poste pour un poste de {{role}} ({{seniority|niveau intermédiaire}}) basé à {{location}}.

Contexte de l’entreprise : {{company_context|[courte description de l’entreprise et de l’équipe]}}

Sections :
- Une introduction courte et engageante sur le poste et son importance.
- Les principales responsabilités (5 à 7 puces, centrées sur les résultats).
- Les prérequis indispensables (liste courte) et les atouts appréciés.
- Ce que nous offrons (utilise des [emplacements] pour le salaire et les avantages).
- Les étapes du processus de recrutement.

Emploie un langage inclusif et épicène, évite le jargon et les exigences superflues, et n’inclus aucun critère discriminatoire.`,
  },
  'structured-interview-questions': {
    title: 'Questions d’entretien structuré',
    body: `Crée un guide d’entretien structuré pour un poste de {{role}}.

Compétences clés à évaluer : {{competencies|résolution de problèmes, communication, travail en équipe, compétences propres au poste}}

Pour chaque compétence :
- 2 questions comportementales (Racontez-moi une fois où…) et 1 question de mise en situation.
- Des relances selon la méthode STAR.
- À quoi ressemble une réponse solide, moyenne et faible.

Termine par une grille de notation (de 1 à 4 par compétence) sous forme de tableau. Tous les candidats doivent recevoir les mêmes questions. Exclus toute question sur l’âge, la famille, la santé, l’origine, la religion ou toute autre caractéristique protégée.`,
  },
  'onboarding-plan-30-60-90-days': {
    title: 'Plan d’intégration (30-60-90 jours)',
    body: `Crée un plan d’intégration sur 30, 60 et 90 jours pour une nouvelle recrue au poste de {{role}} qui rejoint {{team|l’équipe}}.

Organisation du travail : {{work_setup|hybride}}

Inclure :
- Avant le premier jour : logistique, comptes, matériel, message de bienvenue.
- Première semaine : programme jour par jour, personnes clés à rencontrer, un binôme.
- À 30, 60 et 90 jours : objectifs, apprentissages, premiers livrables et un point d’étape à chaque jalon.
- Les questions que le manager devrait poser à chaque point d’étape.

Présente les jalons sous forme de tableau (période, objectifs, activités, signes de réussite).`,
  },
  'contract-clause-explainer': {
    title: 'Expliquer une clause de contrat',
    body: `Explique la clause de contrat suivante en langage courant. Droit applicable : {{jurisdiction|France}}.

Clause :
"""
{{clause}}
"""

Résultat attendu :
1. Ce qu’elle signifie, avec des mots simples.
2. À qui elle profite, et pourquoi.
3. Les risques ou points inhabituels pour moi, et à quel point cette formulation est courante.
4. Les modifications possibles à négocier, avec une proposition de rédaction.
5. Les questions à poser à un avocat avant de signer.

Il s’agit d’une information générale, pas d’un conseil juridique : recommande de faire confirmer les points importants par un avocat.`,
  },
  'gdpr-compliance-checklist-for-a-new-feature': {
    title: 'Liste de contrôle RGPD pour une nouvelle fonctionnalité',
    body: `Donne-moi une liste de contrôle RGPD pour cette fonctionnalité ou ce projet : {{feature}}.

Données personnelles concernées : {{data|[listez les données collectées]}}
Notre rôle : {{role|responsable de traitement}}

À couvrir :
- La base légale de chaque finalité de traitement.
- Les informations à donner aux utilisateurs et le consentement quand il est requis.
- La minimisation des données et les durées de conservation.
- Les mesures de sécurité et le contrôle des accès.
- Les sous-traitants et les transferts hors UE (contrats au titre de l’article 28).
- Les droits des personnes concernées et le traitement de leurs demandes.
- La nécessité probable ou non d’une AIPD.

Présente-la sous forme de tableau (point, question à trancher, statut). Précise qu’il s’agit d’une information générale et recommande de vérifier auprès de votre DPO ou d’un avocat.`,
  },
  'contract-review-key-points-to-check': {
    title: 'Relecture de contrat : les points à vérifier',
    body: `Je m’apprête à signer un {{contract_type}} en tant que {{party|client}}. Droit applicable : {{jurisdiction|France}}.

Texte ou résumé du contrat :
"""
{{contract}}
"""

Analyse-le et produis un tableau avec : clause, ce qu’elle prévoit, niveau de risque (faible, moyen, élevé) et ce qu’il faut négocier. Sois particulièrement attentif à la durée et à la résiliation, au prix et au paiement, aux limites de responsabilité, aux garanties, à la propriété intellectuelle, à la confidentialité, à la protection des données et au règlement des litiges. Liste ensuite tout élément important qui semble manquer.

Rappelle-moi qu’il s’agit d’une information générale et qu’un avocat devrait relire le contrat avant la signature.`,
  },
  'cash-flow-forecast-assumptions': {
    title: 'Hypothèses d’un prévisionnel de trésorerie',
    body: `Aide-moi à établir les hypothèses d’un prévisionnel de trésorerie sur {{months|12}} mois pour {{business}}.

Ce que je sais déjà : {{known_data|[chiffre d’affaires, charges, délais de paiement, trésorerie disponible]}}

1. Liste toutes les hypothèses nécessaires, regroupées en : ventes et encaissements, masse salariale, charges d’exploitation, impôts et taxes (TVA comprise), investissements, financement.
2. Pour chacune, explique pourquoi elle compte et comment l’estimer ; indique clairement les valeurs que je dois fournir.
3. Propose la structure d’un tableau de prévision mensuel (lignes et colonnes).
4. Suggère un scénario central, un scénario pessimiste et un scénario optimiste, ainsi que les signaux d’alerte à surveiller.

N’invente pas de chiffres : utilise des emplacements là où mes données sont nécessaires.`,
  },
  'budget-vs-actual-variance-analysis': {
    title: 'Analyse des écarts entre budget et réalisé',
    body: `Analyse les écarts entre le budget et le réalisé ci-dessous pour {{period|le mois dernier}}.

Données :
"""
{{data}}
"""

Résultat attendu :
1. Un tableau reprenant chaque ligne : budget, réalisé, écart en valeur et en %, favorable ou défavorable.
2. Les 3 à 5 écarts les plus significatifs et leurs causes probables, avec des questions pour les vérifier.
3. Les actions correctives et s’il faut mettre à jour la prévision.

Montre tes calculs et n’invente pas de chiffres absents des données.`,
  },
  'unit-economics-calculator': {
    title: 'Calcul de l’économie unitaire',
    body: `Calcule l’économie unitaire de mon activité à partir de ces données :
{{inputs}}

Modèle économique : {{model|abonnement (SaaS)}}

Calcule, en montrant les formules et chaque étape : la marge brute, le coût d’acquisition client (CAC), la valeur vie client (LTV), le ratio LTV/CAC et le délai de retour sur le CAC en mois.

Explique ensuite en termes simples ce que ces chiffres disent de la santé de l’activité, et donne 3 leviers pour les améliorer. S’il manque une donnée, dis-moi laquelle et comment l’estimer au lieu de deviner.`,
  },
  'short-story-starter': {
    title: 'Début de nouvelle',
    body: `Écris le début d’une nouvelle.

Genre : {{genre|policier}}
Cadre : {{setting|une petite ville côtière en hiver}}
Personnage principal : {{character|quelqu’un qui cache un secret}}

Exigences :
- Environ 400 mots.
- Commence au milieu d’une action ou d’un moment marquant.
- Installe la voix du personnage, l’atmosphère et une question centrale qui donne envie de lire la suite.
- Montre plutôt que de raconter ; utilise des détails sensoriels concrets.

Propose ensuite 3 directions différentes que l’histoire pourrait prendre.`,
  },
  'brainstorm-names': {
    title: 'Trouver des noms',
    body: `Trouve des idées de noms pour {{thing}}.

Description : {{description}}
Impression ou style recherché : {{style|moderne, facile à retenir et à prononcer}}

Donne 20 idées de noms regroupées par approche (descriptifs, évocateurs, mots inventés, métaphores), chacune avec une justification d’une ligne. Choisis ensuite tes 5 préférés en expliquant pourquoi, et liste les vérifications à faire avant de choisir (nom de domaine, marques déposées, sens dans d’autres langues).`,
  },
  'poem-on-a-theme': {
    title: 'Poème sur un thème',
    body: `Écris un poème sur {{theme}}.

Forme : {{form|vers libres}}
Atmosphère : {{mood|méditative}}
Longueur : {{lines|16}} vers.

Préfère les images concrètes aux affirmations abstraites, évite les clichés et termine sur un vers qui déplace ou approfondit le sens. Après le poème, ajoute 2 phrases sur les images principales et les choix que tu as faits.`,
  },
  'weekly-meal-plan-and-shopping-list': {
    title: 'Menus de la semaine et liste de courses',
    body: `Crée les menus de la semaine pour {{people|2}} personnes.

Préférences ou restrictions alimentaires : {{diet|aucune}}
Budget : {{budget|modéré}}. Temps de cuisine en semaine : {{cooking_time|30 minutes}} au maximum.

Résultat attendu :
- Un tableau avec petit-déjeuner, déjeuner et dîner pour 7 jours, en réutilisant les ingrédients pour limiter le gaspillage.
- Une liste de courses regroupée par rayon, avec les quantités.
- 2 repas à préparer à l’avance le week-end.

Veille à ce que les menus soient équilibrés et variés.`,
  },
  'trip-itinerary': {
    title: 'Itinéraire de voyage',
    body: `Prépare un voyage de {{days|5}} jours à {{destination}}.

Voyageurs : {{travellers|2 adultes}}. Centres d’intérêt : {{interests|gastronomie, culture et promenades}}. Garde un rythme détendu, avec du temps libre chaque jour.

Donne un itinéraire jour par jour avec des suggestions pour le matin, l’après-midi et le soir, regroupées par quartier pour limiter les trajets, ainsi que des conseils pratiques (se déplacer, réserver à l’avance, usages locaux). N’invente ni horaires d’ouverture ni prix ; dis-moi ce qu’il faut vérifier avant de partir.`,
  },
  'decision-helper': {
    title: 'Aide à la décision',
    body: `Aide-moi à prendre une décision : {{decision}}.

Les options que j’envisage : {{options}}
Ce qui compte le plus pour moi : {{criteria|le coût, le temps, l’impact à long terme et ce que je ressens}}

1. Pose-moi jusqu’à 3 questions de clarification s’il manque quelque chose d’important.
2. Compare les options selon mes critères dans un tableau.
3. Liste les principaux risques et ce qui pourrait me faire regretter chaque choix.
4. Suggère un petit test ou une étape pour réduire l’incertitude avant de décider.
5. Donne une recommandation équilibrée, en me rappelant que la décision m’appartient.`,
  },
  'career-reflection-coach': {
    title: 'Coach de réflexion professionnelle',
    body: `Joue le rôle d’un coach de carrière bienveillant. Je veux faire le point sur mon parcours et mes prochaines étapes.

Pose-moi des questions une par une, en attendant ma réponse à chaque fois, pour explorer :
- ce que je fais aujourd’hui et ce que j’aime ou n’aime pas dans ce travail,
- mes points forts, tels que le montrent des réalisations concrètes,
- mes valeurs et ce dont je veux plus ou moins dans mon travail,
- mes contraintes (lieu, revenus, temps, famille) et les options que j’envisage.

Après environ 8 questions, résume ce que tu as entendu, propose 2 ou 3 pistes possibles avec leurs avantages et inconvénients, et suggère des prochaines étapes petites et concrètes pour le mois à venir (personnes à rencontrer, compétences à tester, candidatures). Sois encourageant mais honnête.`,
  },
};

/**
 * What the form asks for, per variable of the built-in prompts (`{{key_points}}` → « Points clés »).
 * Every variable of a built-in prompt has one (the spec checks it).
 */
export const PROMPT_VARIABLE_LABELS_FR: Record<string, string> = {
  age: 'Âge',
  alternatives: 'Solutions existantes',
  audience: 'Public',
  brand: 'Marque',
  budget: 'Budget',
  bug_report: 'Signalement du bogue',
  business: 'Activité',
  buyer: 'Acheteurs',
  channel: 'Canal',
  channels: 'Réseaux',
  character: 'Personnage',
  clause: 'Clause',
  close_date: 'Date de signature',
  code: 'Code',
  commitments: 'Engagements fixes',
  company: 'Entreprise',
  company_context: 'Contexte de l’entreprise',
  compensation: 'Geste commercial',
  competencies: 'Compétences',
  constraints: 'Contraintes',
  context: 'Contexte',
  contract: 'Contrat',
  contract_type: 'Type de contrat',
  conversion_rate: 'Taux de conversion',
  cooking_time: 'Temps de cuisine',
  criteria: 'Critères',
  customer_name: 'Nom du client',
  customers: 'Clients',
  data: 'Données',
  days: 'Jours',
  deal_notes: 'Notes sur l’affaire',
  decision: 'Décision',
  description: 'Description',
  destination: 'Destination',
  dialect: 'Dialecte SQL',
  diet: 'Régime alimentaire',
  duration: 'Durée (minutes)',
  email: 'E-mail reçu',
  environment: 'Environnement',
  feature: 'Fonctionnalité',
  form: 'Forme',
  framework: 'Framework de test',
  genre: 'Genre',
  goal: 'Objectif',
  hours: 'Heures par jour',
  hours_per_week: 'Heures par semaine',
  idea: 'Idée',
  industry: 'Secteur',
  inputs: 'Données chiffrées',
  intent: 'Ce que je veux dire',
  interests: 'Centres d’intérêt',
  issue: 'Problème',
  jurisdiction: 'Droit applicable',
  key_points: 'Points clés',
  keyword: 'Mot-clé',
  known_data: 'Données connues',
  language: 'Langage',
  launch_date: 'Date de lancement',
  length: 'Longueur (mots)',
  level: 'Niveau',
  lines: 'Nombre de vers',
  location: 'Lieu',
  market: 'Marché',
  message: 'Message',
  model: 'Modèle économique',
  month: 'Mois',
  months: 'Mois',
  mood: 'Atmosphère',
  notes: 'Notes',
  objections: 'Objections',
  offer: 'Offre',
  options: 'Options',
  page_description: 'Description de la page',
  pain_point: 'Problème du prospect',
  paper: 'Article',
  participants: 'Participants',
  party: 'Partie',
  people: 'Personnes',
  period: 'Période',
  priorities: 'Priorités',
  product: 'Produit',
  prospect: 'Prospect',
  prospect_name: 'Nom du prospect',
  question: 'Question',
  questions: 'Nombre de questions',
  resolution: 'Solution apportée',
  role: 'Rôle',
  schema: 'Schéma',
  seniority: 'Niveau d’expérience',
  setting: 'Cadre',
  slides: 'Diapositives',
  solution: 'Solution',
  stage: 'Stade',
  style: 'Style',
  subject: 'Matière',
  target_customer: 'Client cible',
  team: 'Équipe',
  text: 'Texte',
  theme: 'Thème',
  thing: 'À nommer',
  tone: 'Ton',
  topic: 'Sujet',
  travellers: 'Voyageurs',
  visitors: 'Visiteurs par mois',
  weeks: 'Semaines',
  work_setup: 'Organisation du travail',
};

/**
 * The built-in prompts' tags in French (lowercase, like the stored ones): shown to a French-speaking
 * reader, and a filter by a French tag finds the built-in prompts that carry its English original.
 */
export const PROMPT_TAGS_FR: Record<string, string> = {
  'ab testing': 'test ab',
  academic: 'universitaire',
  'action items': 'actions à mener',
  analysis: 'analyse',
  apology: 'excuses',
  assessment: 'évaluation',
  blog: 'blog',
  brainstorming: 'remue-méninges',
  branding: 'image de marque',
  budget: 'budget',
  bugs: 'bogues',
  'business plan': 'business plan',
  career: 'carrière',
  'cash flow': 'trésorerie',
  clarity: 'clarté',
  clauses: 'clauses',
  coaching: 'accompagnement',
  'code review': 'revue de code',
  'cold email': 'e-mail de prospection',
  communication: 'communication',
  compliance: 'conformité',
  content: 'contenu',
  'content calendar': 'calendrier éditorial',
  contracts: 'contrats',
  conversion: 'conversion',
  cooking: 'cuisine',
  copywriting: 'rédaction publicitaire',
  'creative writing': 'écriture créative',
  'customer service': 'service client',
  database: 'base de données',
  'de-escalation': 'apaisement',
  debugging: 'débogage',
  'decision making': 'prise de décision',
  discovery: 'découverte',
  documentation: 'documentation',
  editing: 'révision',
  education: 'éducation',
  email: 'e-mail',
  empathy: 'empathie',
  explain: 'expliquer',
  faq: 'faq',
  fiction: 'fiction',
  forecast: 'prévision',
  fundraising: 'levée de fonds',
  gdpr: 'rgpd',
  habits: 'habitudes',
  health: 'santé',
  hiring: 'embauche',
  interviews: 'entretiens',
  itinerary: 'itinéraire',
  'job description': 'fiche de poste',
  'knowledge base': 'base de connaissances',
  kpis: 'indicateurs clés',
  'landing page': 'page de destination',
  launch: 'lancement',
  learning: 'apprentissage',
  'learning plan': 'parcours de formation',
  management: 'management',
  'meal planning': 'menus de la semaine',
  meddicc: 'meddicc',
  meetings: 'réunions',
  messaging: 'message',
  methodology: 'méthodologie',
  naming: 'nommage',
  negotiation: 'négociation',
  'new hire': 'nouvelle recrue',
  newsletter: 'infolettre',
  objections: 'objections',
  onboarding: 'intégration',
  outline: 'plan',
  outreach: 'prospection',
  papers: 'articles scientifiques',
  pipeline: 'pipeline commercial',
  'pitch deck': 'présentation investisseurs',
  'plain language': 'langage clair',
  planning: 'planification',
  playbook: 'guide opérationnel',
  poetry: 'poésie',
  positioning: 'positionnement',
  prioritisation: 'priorisation',
  privacy: 'vie privée',
  proofreading: 'relecture',
  'pros and cons': 'pour et contre',
  prospecting: 'prospection commerciale',
  qa: 'assurance qualité',
  qualification: 'qualification',
  quality: 'qualité',
  query: 'requête',
  quiz: 'quiz',
  recruiting: 'recrutement',
  reflection: 'réflexion',
  reporting: 'rapports',
  research: 'recherche',
  review: 'relecture critique',
  saas: 'saas',
  scorecard: 'grille de notation',
  security: 'sécurité',
  seo: 'seo',
  simplify: 'simplifier',
  'social media': 'réseaux sociaux',
  socratic: 'socratique',
  spin: 'spin',
  sql: 'sql',
  startup: 'start-up',
  storytelling: 'narration',
  strategy: 'stratégie',
  study: 'étude',
  summary: 'résumé',
  swot: 'swot',
  teaching: 'enseignement',
  testing: 'tests',
  'time management': 'gestion du temps',
  travel: 'voyage',
  tutoring: 'soutien scolaire',
  'unit economics': 'économie unitaire',
  'unit tests': 'tests unitaires',
  'user research': 'recherche utilisateur',
  variance: 'écarts',
  writing: 'écriture',
};

/** A tag as a French reader sees it: a built-in prompt's tag in French, anything else as stored. */
export const frenchTag = (tag: string): string => PROMPT_TAGS_FR[tag] ?? tag;

/** The stored tags a French tag stands for (itself included): what a filter by that tag must match. */
export function storedTagsFor(tag: string): string[] {
  return [tag, ...Object.entries(PROMPT_TAGS_FR).filter(([english, french]) => french === tag && english !== tag).map(([english]) => english)];
}
