/** Situations the plugin ships wording for; `generic` is the last fallback of every chain. */
export const SITUATIONS = [
  'acknowledge',
  'thank',
  'empathise-and-guide',
  'decline-with-encouragement',
  'adopted',
  'shipped',
  'sla-apology',
  'undone',
  'generic',
] as const;

/** situation → locale → template text. */
export type TemplateTable = Record<string, Record<string, string>>;

/** The wording shipped by default (zh-CN and en). Policies override or add entries in `settings.replies.templates`. */
export const DEFAULT_TEMPLATES: TemplateTable = {
  acknowledge: {
    'zh-CN': '{{user.name|朋友}}，你好！我们已收到你的反馈，会认真查看并尽快回复你。',
    en: 'Hi {{user.name|there}}, we have received your feedback. We will look into it and get back to you soon.',
  },
  thank: {
    'zh-CN': '谢谢你，{{user.name|朋友}}！你的反馈已记录并转给了相关团队。',
    en: 'Thank you, {{user.name|friend}}! Your feedback is recorded and has been passed to the team.',
  },
  'empathise-and-guide': {
    'zh-CN':
      '{{user.name|朋友}}，谢谢你坦率地告诉我们。我们理解你对这门内容有更高的期待，这很重要。能否具体说说哪一部分让你不满意？我们也诚邀你加入改进讨论，和我们一起把它做得更好。',
    en: 'Thank you for telling us honestly, {{user.name|friend}}. We understand you expected more, and that matters to us. Could you tell us which part disappointed you? We would also love you to join the improvement discussion and help us make it better.',
  },
  'decline-with-encouragement': {
    'zh-CN':
      '{{user.name|朋友}}，谢谢你的提案「{{need.title}}」，这是一个很有价值的想法！这次暂未采纳，原因是：{{reason}}。我们很愿意和你一起想办法解决这个限制；下一轮征集时，我们会优先邀请你参与。',
    en: 'Thank you for your proposal "{{need.title}}", {{user.name|friend}} — it is a valuable idea! We could not adopt it this time because {{reason}}. We would be glad to work on that constraint together with you, and you will be the first we invite next time.',
  },
  adopted: {
    'zh-CN': '好消息，{{user.name|朋友}}！你的建议「{{need.title}}」已被采纳，感谢你和我们一起成长。',
    en: 'Good news, {{user.name|friend}}! Your suggestion "{{need.title}}" has been adopted. Thank you for growing with us.',
  },
  shipped: {
    'zh-CN': '{{user.name|朋友}}，你的建议「{{need.title}}」已经上线了！欢迎体验并继续告诉我们你的感受。',
    en: 'Your suggestion "{{need.title}}" has shipped, {{user.name|friend}}! Try it out and keep telling us what you think.',
  },
  'sla-apology': {
    'zh-CN': '{{user.name|朋友}}，抱歉让你久等了。你的反馈仍在处理中，我们会尽快给你答复。',
    en: 'Sorry for the wait, {{user.name|friend}}. Your feedback is still being handled and we will answer as soon as we can.',
  },
  undone: {
    'zh-CN': '已为你撤销刚才的操作。',
    en: 'Your last action has been undone.',
  },
  generic: {
    'zh-CN': '我们已收到你的消息，谢谢！',
    en: 'We have received your message. Thank you!',
  },
};

/** The last-resort acknowledgement: no variables, nothing that can fail. */
export const SAFE_ACKNOWLEDGEMENT: Readonly<Record<string, string>> = {
  'zh-CN': '我们已收到你的反馈，谢谢！',
  en: 'We have received your feedback. Thank you!',
};
