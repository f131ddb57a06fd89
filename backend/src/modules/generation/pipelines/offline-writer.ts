import { seededRandom } from '../../../ai/adapters/local-media';

/**
 * The writer behind the offline `local` text model for books and short videos. The offline chat
 * model only echoes (it is not a language model), so pipelines that need an outline, chapters or
 * a script use this instead: deterministic text built from templates around the subject, in
 * English or French, and always labelled as written offline.
 */
export const OFFLINE_BYLINE: Record<string, string> = {
  en: 'Written offline by Webox’s built-in writer: no AI model was used. Add an API key to have a model write it.',
  fr: 'Écrit hors ligne par le rédacteur intégré de Webox : aucun modèle d’IA n’a été utilisé. Ajoutez une clé d’API pour qu’un modèle l’écrive.',
};

const TEMPLATES = {
  en: {
    chapters: ['Why {s} matters', 'The essentials of {s}', 'A short history of {s}', 'Getting started with {s}', 'Common mistakes with {s}', 'Tools and techniques', '{s} in everyday practice', 'Learning from examples', 'Measuring progress', 'Working with others', 'Going further', 'What comes next for {s}'],
    opening: ['This chapter looks at {t} with a {tone} eye.', 'Here we turn to {t}.', 'Few parts of {s} are as useful to understand as {t}.'],
    middle: [
      'Anyone who works with {s} soon notices that small, steady habits matter more than grand plans.',
      'A good first step is to describe the situation plainly: what is known, what is assumed, and what still needs checking.',
      'Practitioners of {s} often keep a short list of questions they ask every time, and revise it as they learn.',
      'The details change from one case to the next, but the underlying ideas stay remarkably stable.',
      'It helps to write down each decision and the reason for it, so that it can be reviewed later with fresh eyes.',
      'Examples make the principles concrete: try each idea on a small case before applying it widely.',
    ],
    closing: ['In short, {t} rewards patience and attention.', 'The next chapter builds on these ideas.', 'Keep these points in mind as we continue.'],
    bullets: ['Start small and review often.', 'Write down what you decide, and why.', 'Ask for feedback early.', 'Measure what matters, not what is easy.'],
    scene: ['Let us talk about {s}.', 'Here is the first thing to know about {s}.', 'A simple habit makes all the difference.', 'Many people get this part wrong.', 'Try it on something small first.', 'Keep track of what works.', 'Share what you learn with others.', 'Now you know the essentials of {s}.'],
    picture: ['an inviting illustration of {s}', 'a close-up detail related to {s}', 'people working together on {s}', 'a calm landscape evoking {s}'],
  },
  fr: {
    chapters: ['Pourquoi {s} compte', 'L’essentiel de {s}', 'Une brève histoire de {s}', 'Bien débuter avec {s}', 'Les erreurs courantes', 'Outils et techniques', '{s} au quotidien', 'Apprendre par l’exemple', 'Mesurer ses progrès', 'Travailler à plusieurs', 'Aller plus loin', 'L’avenir de {s}'],
    opening: ['Ce chapitre aborde {t} avec un regard {tone}.', 'Nous passons maintenant à {t}.', 'Peu d’aspects de {s} sont aussi utiles à comprendre que {t}.'],
    middle: [
      'Quiconque s’intéresse à {s} remarque vite que les petites habitudes régulières comptent plus que les grands projets.',
      'Une bonne première étape consiste à décrire la situation simplement : ce que l’on sait, ce que l’on suppose et ce qu’il reste à vérifier.',
      'Les praticiens de {s} gardent souvent une courte liste de questions qu’ils se posent à chaque fois.',
      'Les détails changent d’un cas à l’autre, mais les idées de fond restent remarquablement stables.',
      'Il est utile de noter chaque décision et sa raison, pour pouvoir la relire plus tard avec un regard neuf.',
      'Les exemples rendent les principes concrets : essayez chaque idée sur un petit cas avant de la généraliser.',
    ],
    closing: ['En bref, {t} demande de la patience et de l’attention.', 'Le chapitre suivant prolonge ces idées.', 'Gardez ces points en tête pour la suite.'],
    bullets: ['Commencer petit et revoir souvent.', 'Noter ce que l’on décide, et pourquoi.', 'Demander un avis tôt.', 'Mesurer ce qui compte, pas ce qui est facile.'],
    scene: ['Parlons de {s}.', 'Voici la première chose à savoir sur {s}.', 'Une habitude simple change tout.', 'Beaucoup se trompent sur ce point.', 'Essayez d’abord sur un petit exemple.', 'Notez ce qui fonctionne.', 'Partagez ce que vous apprenez.', 'Vous connaissez maintenant l’essentiel de {s}.'],
    picture: ['une illustration accueillante de {s}', 'un détail en gros plan lié à {s}', 'des personnes travaillant ensemble sur {s}', 'un paysage calme évoquant {s}'],
  },
};

type Language = keyof typeof TEMPLATES;
const languageOf = (language: string): Language => (language.slice(0, 2) === 'fr' ? 'fr' : 'en');
const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_m, key: string) => values[key] ?? '');

export function offlineOutline(subject: string, chapters: number, language: string): string[] {
  const templates = TEMPLATES[languageOf(language)].chapters;
  return Array.from({ length: chapters }, (_, index) => {
    const title = fill(templates[index % templates.length]!, { s: subject });
    return index < templates.length ? title : `${title} (${Math.floor(index / templates.length) + 1})`;
  });
}

export function offlineChapter(subject: string, title: string, index: number, tone: string, language: string): string {
  const t = TEMPLATES[languageOf(language)];
  const random = seededRandom(subject, title, index);
  const pick = (list: string[]) => list[Math.floor(random() * list.length)]!;
  const values = { s: subject, t: title.toLowerCase(), tone };
  const paragraphs = [fill(pick(t.opening), values) + ' ' + fill(pick(t.middle), values)];
  for (let i = 0; i < 3; i++) paragraphs.push([pick(t.middle), pick(t.middle)].map((sentence) => fill(sentence, values)).join(' '));
  paragraphs.push(t.bullets.map((bullet) => `- ${bullet}`).join('\n'));
  paragraphs.push(fill(pick(t.closing), values));
  return paragraphs.join('\n\n');
}

export interface Scene {
  narration: string;
  picture: string;
}

export function offlineScript(subject: string, scenes: number, language: string): Scene[] {
  const t = TEMPLATES[languageOf(language)];
  return Array.from({ length: scenes }, (_, index) => ({
    narration: fill(index === scenes - 1 ? t.scene[t.scene.length - 1]! : t.scene[index % (t.scene.length - 1)]!, { s: subject }),
    picture: fill(t.picture[index % t.picture.length]!, { s: subject }),
  }));
}
