// A small publication list for tests of what users write: one card, Norwegian and English.
export const publications = `publications:
  - id: veileder-nb
    language: nb
    title: Veileder for identifisering av mulige ofre for menneskehandel
    description: KOMs veileder.
    url: https://www.politiet.no/globalassets/veileder.pdf
    card: veileder
  - id: veileder-en
    language: en
    title: Guide for identification of possible victims of human trafficking
    description: KOM's guide.
    url: https://www.politiet.no/globalassets/guide.pdf
    card: veileder
`;
