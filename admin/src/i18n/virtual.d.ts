/** The messages of one language and part, made at build time (vite.config.ts, i18n/modules.ts). */
declare module 'virtual:incident-desk-messages/*' {
  const messages: import('./modules').Messages;
  export default messages;
}
