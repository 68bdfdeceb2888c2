/**
 * What a person is told when the store (or Redis) cannot be reached or written: the service
 * is briefly unavailable, what they entered before is kept, and to send this message again
 * shortly. Sent with 503 and `Retry-After`.
 */

/** The 503 message, in both languages. */
export const STORE_UNAVAILABLE_MESSAGE =
  '服务暂时不可用，您之前填写的内容仍然保留，请稍后重新发送这一条。The service is briefly unavailable; what you entered before is kept — please send this message again shortly.';
