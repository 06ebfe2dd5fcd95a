/**
 * Set by the deletion's redirect, for /account/deleted only: that page says "your account was
 * deleted" only when it was, and never to someone who typed its address.
 */
export const DELETED_COOKIE = 'account_deleted';
