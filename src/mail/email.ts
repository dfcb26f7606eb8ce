// validator's e-mail check on its own: the whole library would be a quarter of a megabyte of
// the shipped program (scripts/bundle.mjs).
import isEmailModule from 'validator/lib/isEmail.js';

export const isEmail = isEmailModule.default;
