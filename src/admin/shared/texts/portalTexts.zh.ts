/**
 * The partner portal's phone-friendly lead cards — part of the console's texts
 * (`consoleTexts.zh.ts`, key `portalCards`).
 */

/** The partner portal's card texts in Chinese. */
export const zhPortalCardTexts = {
  reference: '申请编号',
  received: '收到时间',
  applicant: '申请人',
  call: (phone: string) => `拨打 ${phone}`,
  mail: (email: string) => `发邮件 ${email}`,
  replyBy: '请在此前确认接收',
  /** The countdown; `{h}` and `{m}` are filled in on the server and, as time passes, by the console's script. */
  countdown: { leftHours: '还剩 {h} 小时 {m} 分', leftMinutes: '还剩 {m} 分钟', overdueHours: '已超时 {h} 小时 {m} 分', overdueMinutes: '已超时 {m} 分钟' },
  acknowledgedAt: (at: string) => `已于 ${at} 确认接收`,
  history: '状态记录',
  lastEvent: '最近',
  open: '查看并处理',
  answers: '申请人的回答',
  reasons: '初步判断的依据',
};
