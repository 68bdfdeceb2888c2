/**
 * The words of leads in Chinese, part of the console's texts (`consoleTexts.zh.ts`, key
 * `leadWords`): the CSV's column headers, the history's events, languages and yes / no. The
 * English file must have exactly these keys.
 */

/** The words of leads in Chinese. */
export const zhLeadTexts = {
  csv: {
    reference: '参考编号',
    id: '线索编号',
    created: '提交时间',
    updated: '更新时间',
    channel: '渠道',
    language: '语言',
    flow: '表单',
    outcome: '结果',
    reasons: '判断理由',
    partner: '合作伙伴',
    escalatedTo: '已升级至',
    status: '状态',
    delivered: '首次送达',
    acknowledged: '确认接收',
    partnerNote: '合作伙伴备注',
    keepInformed: '愿意接收后续消息',
    contactName: '姓名',
    contactPhone: '手机',
    contactEmail: '邮箱',
  },
  /** Says in which zone the CSV's times are. */
  timesIn: (timeZone: string) => `（${timeZone} 时间）`,
  historyHeaders: { time: '时间', event: '事件', detail: '说明' },
  answerQuestion: '问题',
  answerValue: '回答',
  deliveries: { kind: '类别', type: '消息', method: '方式', due: '下次尝试', error: '错误' },
  deliveryStatuses: { pending: '待投递', delivered: '已送达', dead: '失败', cancelled: '已取消' } as Record<string, string>,
  yes: '是',
  no: '否',
  languages: { zh: '中文', en: '英文' } as Record<string, string>,
  historyEvents: {
    created: '已提交',
    routed: '已分配给合作伙伴',
    reapplied: '申请人再次提交（已更新）',
    keep_informed: '申请人愿意接收后续消息',
    delivered: '已送达',
    delivery_failed: '投递失败，将重试',
    delivery_dead: '投递最终失败',
    delivery_cancelled: '投递已取消',
    acknowledged: '合作伙伴已确认接收',
    reminded: '已提醒合作伙伴',
    escalated: '已升级至人才工作部门',
    ack_check: '检查是否确认',
    escalation_check: '检查是否需要升级',
    erased: '申请人已删除个人信息',
  } as Record<string, string>,
  /** A status change recorded by a partner: `status:<status>`. */
  statusChanged: (status: string) => `状态改为“${status}”`,
  chatMoves: {
    title: '合作方 Telegram 群已变更',
    intro: '这些合作方的 Telegram 群已升级为超级群，获得了新的 ID。线索已自动改发新群；请在合作方配置文件（PARTNERS_FILE）中改为新 ID 并重启。',
    partner: '合作方',
    oldId: '原 ID',
    newId: '新 ID',
    at: '发现时间',
    todo: '待办',
    change: (from: string, to: string) => `把 telegram chatId 由 ${from} 改为 ${to}`,
    done: '配置文件已改为新 ID',
  },
};
