// The one definition of the issue file. Types, the JSON Schema for editors (`nyhetsbrev schema`)
// and the key list the README documents all derive from here.
import * as z from 'zod';

const inlineText = z
  .string()
  .trim()
  .min(1, 'expected some text')
  .describe('Text with inline Markdown: *kursiv*, **fet**, [lenketekst](https://…), [side](#artikkel-id)');

const id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected an id of lowercase letters a–z, digits and single hyphens, like "nkvts-rapport"')
  .describe('A name other articles can refer to with [side](#id): lowercase a–z, 0–9 and hyphens');

const language = z
  .string()
  .regex(/^[a-z]{2,3}(?:-[A-Z]{2})?$/, 'expected a language code like "nb", "nn", "en" or "sv"')
  .describe('Language of the text (BCP 47), e.g. nb, nn, en, sv, da');

const url = z.string().min(1).describe('An http(s) or mailto address');

export const pictureBlock = z
  .strictObject({
    picture: z.string().min(1).describe('Path of the picture file, relative to this file'),
    alt: z.string().trim().min(1, 'expected alternative text describing the picture').describe('Alternative text: what the picture shows, for readers who cannot see it'),
    caption: inlineText.optional().describe('Caption printed under the picture'),
    link: url.optional().describe('Address the picture links to'),
    width: z
      .number()
      .int()
      .min(10, 'expected a width of at least 10 (percent of the column)')
      .max(100, 'expected a width of at most 100 (percent of the column)')
      .optional()
      .describe('Width in percent of the column (default 100); the picture keeps its aspect ratio'),
  })
  .describe('A picture in the column: report cover, banner or photo');

export const listBlock = z
  .strictObject({
    list: z.array(inlineText).min(1, 'expected at least one list item').describe('The items, each a line of inline Markdown'),
    bullet: z.enum(['»', '•']).optional().describe('Bullet style: » (default) or •'),
  })
  .describe('A bullet list');

const publicationId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a publication id from assets/publications.yaml, like "veileder-nb"')
  .describe('Id of a publication in assets/publications.yaml');

export const qrBlock = z
  .strictObject({
    qr: z
      .union([
        publicationId,
        z
          .array(publicationId)
          .min(1, 'expected at least one publication id')
          .max(4, { error: (iss) => `found ${Array.isArray(iss.input) ? iss.input.length : 'more than 4'} codes, expected at most 4 side by side` }),
      ], { error: 'expected the id of a publication in assets/publications.yaml (like veileder-nb), or a list of up to 4 ids for codes side by side' })
      .describe('The publication the QR code leads to (its id), or a list of ids for codes side by side'),
  })
  .describe('QR codes to publications, each with the title and a short address under it');

export const block = z.union([inlineText, listBlock, pictureBlock, qrBlock], {
  error: 'expected a paragraph (text), a list (a mapping with "list:"), a picture (a mapping with "picture:") or QR codes (a mapping with "qr:")',
});

export const logo = z
  .strictObject({
    src: z.string().min(1).describe('Path of the logo file, relative to this file'),
    alt: z.string().trim().min(1, 'expected alternative text: the organisation\'s name').describe('Alternative text, usually the organisation\'s name'),
    link: url.optional().describe('Address the logo links to'),
    decorative: z
      .boolean()
      .optional()
      .describe('true when the logo only repeats the heading beside it: screen readers then skip it instead of reading its alternative text'),
  })
  .describe('A logo shown beside the article heading');

export const article = z
  .strictObject({
    heading: z.string().trim().min(1, 'expected a heading').describe('The article heading, usually the organisation\'s name'),
    short: z
      .string()
      .trim()
      .min(1, 'expected a short heading')
      .optional()
      .describe('A short form of the heading, for the tops of the columns the article goes on in ("… forts."); default: the heading\'s first line'),
    id: id.optional(),
    language: language.optional(),
    logo: logo.optional(),
    body: z.array(block).min(1, 'expected at least one paragraph, list or picture').describe('Paragraphs, lists and pictures in reading order'),
  })
  .describe('An article: a heading, then paragraphs, lists and pictures');

export const section = z
  .strictObject({
    title: z.string().trim().min(1).optional().describe('Title shown in the band at the top of each of the section\'s pages; leave out for a page without band'),
    columns: z.union([z.literal(1), z.literal(2)], { error: 'expected 1 or 2 columns' }).optional().describe('Number of text columns: 2 (default) or 1'),
    articles: z.array(article).min(1, 'expected at least one article').describe('The articles, in reading order'),
  })
  .describe('A section: starts on a new page and repeats its title on every page');

export const standingRef = z
  .strictObject({
    standing: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'expected the name of a standing page in assets/standing/, like "tools" or "back"')
      .describe('Name of a standing page in assets/standing/ (without .yaml)'),
    title: z.string().trim().min(1).optional().describe('Replaces the standing page\'s title'),
    articles: z
      .array(article)
      .optional()
      .describe('Articles that replace the standing page\'s article with the same id, or are added at its end'),
  })
  .describe('A standing page (the tools page, the back page) kept in assets/standing/');

/** What `nyhetsbrev new` writes for the date, for the user to fill in: the build warns until it is. */
export const DATE_PLACEHOLDER = 'ÅÅÅÅ-MM-DD';

/** 2026-02-28 is; 2026-02-30 and 2025-13-45 are not. */
function isCalendarDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** An item of an issue's `sections:`: a section of its own or a standing page. */
export const sectionEntry = z.union([section, standingRef], { error: 'expected a section (a mapping with "articles:") or a standing page (a mapping with "standing:")' });

export const issue = z
  .strictObject({
    number: z.number().int().min(1).max(12).describe('Issue number within the year'),
    year: z.number().int().min(2000).max(2100).describe('Year of the issue'),
    period: z.string().trim().min(1).describe('The period the issue covers, e.g. "oktober–desember 2025"'),
    date: z
      .union([
        z.literal(DATE_PLACEHOLDER),
        z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date written YYYY-MM-DD, like 2026-01-09')
          .refine(isCalendarDate, { error: (i) => `found "${String(i.input)}", which is not a day on the calendar: expected a real date written YYYY-MM-DD, like 2026-01-09` }),
      ])
      .describe(`Publication date, YYYY-MM-DD; printed on the cover and stored in the PDF. ${DATE_PLACEHOLDER} while it is not known yet (the build warns)`),
    language: language.optional(),
    sections: z
      .array(sectionEntry)
      .min(1, 'expected at least one section')
      .describe('The sections, in order; each starts on a new page'),
  })
  .describe('One issue of Nyhetsbrev fra KOM');

// The publication list (assets/publications.yaml): the one place the addresses of KOM's
// publications are kept. The newsletter's QR codes and the QR cards both read it.

export const publication = z
  .strictObject({
    id: publicationId.describe('The name issues and cards use for the publication: lowercase a–z, 0–9 and hyphens, like "veileder-nb"'),
    language: language.describe('Language of the publication (BCP 47): nb, nn, en …'),
    title: z.string().trim().min(1, 'expected the title of the publication').describe('The title, printed under its QR code and on its card'),
    description: z.string().trim().min(1, 'expected a short description').describe('One sentence on what the publication is, for readers who cannot see the code'),
    url: z
      .string()
      .regex(/^https:\/\//, 'expected an https:// address: a QR code leads only to an encrypted address')
      .describe('The address the QR code leads to; must start with https://'),
    shortUrl: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe('The address as printed under the code, short and readable, on the same site as url; made from url if left out'),
    card: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a card name of lowercase letters a–z, digits and hyphens, like "veileder"')
      .optional()
      .describe('The QR card the publication is printed on: the Norwegian version of a card is its front, the English its back'),
  })
  .describe('A publication QR codes lead to');

export const publicationList = z
  .strictObject({
    publications: z.array(publication).min(1, 'expected at least one publication').describe('The publications, in the order cards are printed'),
  })
  .describe('The publications of KOM that QR codes and QR cards lead to');

export type IssueFile = z.infer<typeof issue>;
export type PublicationFile = z.infer<typeof publication>;
export type QrFile = z.infer<typeof qrBlock>;
export type SectionFile = z.infer<typeof section>;
export type ArticleFile = z.infer<typeof article>;
export type BlockFile = z.infer<typeof block>;
export type PictureFile = z.infer<typeof pictureBlock>;
export type LogoFile = z.infer<typeof logo>;

export function issueJsonSchema(): object {
  return z.toJSONSchema(issue, { target: 'draft-2020-12' });
}

export function publicationsJsonSchema(): object {
  return z.toJSONSchema(publicationList, { target: 'draft-2020-12' });
}
