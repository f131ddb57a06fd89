/**
 * From this width the shell's sidebar stays open beside the page, with the conversation list in it;
 * below, the sidebar is a drawer and the chat page keeps its own drawer of conversations.
 */
export const WIDE_SIDEBAR_MEDIA = '(min-width: 1024px)';
