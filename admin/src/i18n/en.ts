import type { TranslationMessages } from 'react-admin';
import englishMessages from 'ra-language-english';
import { moduleMessagesEn } from './modules';

/** English: react-admin's own messages plus every feature's (its `messages.ts`, merged by modules.ts). */
export const enMessages: TranslationMessages = { ...englishMessages, ...moduleMessagesEn } as TranslationMessages;

export default enMessages;
