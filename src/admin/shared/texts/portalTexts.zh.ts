/**
 * The partner portal's phone-friendly lead cards — part of the console's texts
 * (`consoleTexts.zh.ts`, key `portalCards`).
 */

/** Whole hours and minutes, `5 小时 12 分`. */
const span = (minutes: number) => (minutes >= 60 ? `${Math.floor(minutes / 60)} 小时 ${minutes % 60} 分` : `${minutes} 分钟`);

/** The partner portal's card texts in Chinese. */
export const zhPortalCardTexts = {
  reference: '申请编号',
  received: '收到时间',
  applicant: '申请人',
  call: (phone: string) => `拨打 ${phone}`,
  mail: (email: string) => `发邮件 ${email}`,
  replyBy: '请在此前确认接收',
  left: (minutes: number) => `还剩 ${span(minutes)}`,
  overdue: (minutes: number) => `已超时 ${span(minutes)}`,
  acknowledgedAt: (at: string) => `已于 ${at} 确认接收`,
  history: '状态记录',
  lastEvent: '最近',
  open: '查看并处理',
  answers: '申请人的回答',
  reasons: '初步判断的依据',
};
