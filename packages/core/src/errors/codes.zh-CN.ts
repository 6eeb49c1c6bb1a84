import type { ErrorCode } from './codes';

/**
 * The Chinese side of the error catalogue: one entry per code of `ERROR_CATALOGUE`. Typed with
 * `satisfies Record<ErrorCode, …>`, so a code added to the English catalogue without its Chinese text
 * does not compile (and `codes.test.ts` fails).
 */
export const ERROR_CATALOGUE_ZH_CN = {
  // 事件
  EVENT_INVALID: {
    message: '事件信封不合法。',
    hint: '事件的形式是 { id, type, userId, at, payload }：id、type、userId 为非空字符串，at 为 ISO 8601 时间。',
  },
  EVENT_PAYLOAD_INVALID: {
    message: '事件的 payload 不符合其类型声明的结构。',
    hint: '检查声明该事件类型的插件要求的 payload 字段（见参考文档）。',
  },
  EVENT_TOO_LARGE: {
    message: '事件的 payload 超过了大小上限。',
    hint: '只发送 id 和简短文本，不要发送文件或整条记录（默认上限为 64 KiB 的 JSON）；只有真实事件确实需要时，才在 createEngine 中调大 limits.payloadBytes。',
  },
  EVENT_TOO_DEEP: {
    message: '事件的 payload 嵌套层级超过了上限。',
    hint: '把 payload 拍平（默认上限：对象和数组共 32 层）；只有真实事件确实需要时，才在 createEngine 中调大 limits.payloadDepth。',
  },
  EVENT_ID_REUSED: {
    message: '该用户已将此事件 id 用于另一个事件；没有做任何修改。',
    hint: '一个事件 id 只表示某个用户的一个事件：每个新事件都用新的 id（如 UUID），重发事件时类型、时间和 payload 保持不变。',
  },
  EVENT_SUBJECT_INVALID: {
    message: '事件的主体不是恰好一个（一个用户或一个实体）。',
    hint: '事件要么给 userId（用户），要么给 entity（实体键 "<kind>:<id>"，如 "group:g1"），不能两者都给；实体事件发出的消息必须写明 userId。',
  },
  EVENT_TYPE_INTERNAL: {
    message: '该事件类型只能由引擎产生（定时器或派生事件），宿主不能分发。',
    hint: '只分发用户做的事；声明该类型的插件会从定时器或其他事件中自行产生它（见参考文档中的 sources）。',
  },
  DERIVED_EVENT_INVALID: {
    message: '插件派生了一个不合法的事件；派生它的那次分发已回滚。',
    hint: 'ctx.derive 需要非空的 key（最多 200 个字符，在一次分发内唯一）、由插件在 eventTypes 中声明的事件类型、符合该类型结构的 payload，以及 userId 与 entity 二者之一。',
  },
  DERIVED_DEPTH_EXCEEDED: {
    message: '派生事件链超过了深度上限；这个派生事件没有执行。',
    hint: '派生事件再派生事件会形成一条链；检查是否有循环（A 派生 B，B 又派生 A），如果链确实需要这么长，调大 createEngine({ derived: { maxDepth } })（默认 8）。',
  },
  // 策略文件
  POLICY_READ_FAILED: {
    message: '无法读取策略文件或文件夹。',
    hint: '确认路径存在且可读；文件夹中至少要有一个 .json 文件。',
  },
  POLICY_JSON_INVALID: {
    message: '策略文件不是合法的 JSON。',
    hint: '查看所示位置：常见原因是缺少逗号、多了结尾逗号，或键名没有加引号。',
  },
  POLICY_SCHEMA_INVALID: {
    message: '策略不符合规则文件的结构。',
    hint: '在文件中加上 "$schema"，编辑器会在输入时提示允许的字段。',
  },
  POLICY_VERSION_UNSUPPORTED: {
    message: '不支持该策略格式版本。',
    hint: '设置 "version": 1。',
  },
  POLICY_INVALID: {
    message: '策略有错误；仍沿用当前生效的策略。',
    hint: '修正列出的每一个错误；策略是整体加载的（要么全部生效，要么都不生效）。',
  },
  POLICY_TOO_LARGE: {
    message: '策略超过了大小上限。',
    hint: '把只有取值不同的规则合并为一条使用命名条件的规则，或删除不用的规则（默认：5 MiB 的 JSON、5,000 条规则）；只有真实策略确实需要时，才在加载时调大 limits.policyBytes 或 limits.policyRules。',
  },
  POLICY_TOO_DEEP: {
    message: '策略的嵌套层级超过了上限。',
    hint: '把条件中嵌套很深的部分在 "conditions" 下命名后再引用（默认上限：对象和数组共 64 层）；只有真实策略确实需要时，才在加载时调大 limits.policyDepth。',
  },
  POLICY_CHECK_FAILED: {
    message: '检查策略时发生意外错误；没有加载任何内容。',
    hint: '这是 engageloop 或某个插件的缺陷，而不是你的策略有误：请附上策略文件和所示原因报告此问题。',
  },
  RULE_ID_DUPLICATE: {
    message: '两条规则的 id 相同。',
    hint: '规则 id 在策略的所有文件中必须唯一；请重命名其中一条。',
  },
  RULE_EFFECT_UNKNOWN: {
    message: '未知的效果类型。',
    hint: '使用已安装插件提供的效果类型（运行 `engageloop schema` 可列出），或安装提供它的插件。',
  },
  RULE_EFFECT_PARAMS_INVALID: {
    message: '效果参数不符合该效果类型的要求。',
    hint: '在参考文档中查看该效果类型的参数。',
  },
  RULE_FACT_UNKNOWN: {
    message: '未知的事实。',
    hint: '使用核心（event、user、now、signals）或已安装插件提供的事实。',
  },
  RULE_FACT_PARAMS_INVALID: {
    message: '传给事实的参数不符合该事实的要求。',
    hint: '在参考文档中查看该事实接受的参数。',
  },
  RULE_OPERATOR_UNKNOWN: {
    message: '未知的运算符。',
    hint: '使用内置运算符（equal、notEqual、lessThan、lessThanInclusive、greaterThan、greaterThanInclusive、in、notIn、contains、doesNotContain），可加修饰前缀（everyFact:、someFact:、everyValue:、someValue:、swap:、not:），或使用插件添加的运算符。',
  },
  RULE_CONDITION_UNKNOWN: {
    message: '规则引用了未定义的命名条件。',
    hint: '在策略顶层的 "conditions" 中定义它，或修正名称。',
  },
  RULE_CONDITION_CYCLE: {
    message: '命名条件之间循环引用。',
    hint: '命名条件不能（直接或经由其他条件）引用自身。',
  },
  RULE_EXPERIMENT_UNKNOWN: {
    message: '规则引用了未定义的实验或分组。',
    hint: '在策略顶层的 "experiments" 中定义该实验及其分组。',
  },
  RULE_EVENT_TYPE_UNKNOWN: {
    message: '规则监听的事件类型没有任何已安装插件声明。',
    hint: '检查 "on" 的拼写；自定义事件类型须在策略的 "eventTypes" 中声明。',
  },
  SETTINGS_INVALID: {
    message: '插件配置不合法。',
    hint: '在参考文档中查看该插件的配置。',
  },
  SETTINGS_PLUGIN_UNKNOWN: {
    message: '策略中有未安装插件的配置。',
    hint: '安装该插件，或删除这段配置。',
  },
  // 插件
  PLUGIN_INVALID: {
    message: '插件定义不合法。',
    hint: '插件需要名称（小写字母、数字和短横线）、版本，以及结构正确的效果、事实和钩子。',
  },
  PLUGIN_DUPLICATE: {
    message: '两个插件（或插件的两个部分）同名。',
    hint: '每个插件只安装一次；插件名、效果类型和事实名称必须唯一。',
  },
  PLUGIN_OPTIONS_INVALID: {
    message: '传给插件工厂的选项不合法。',
    hint: '在该插件的参考文档中查看其选项。',
  },
  PLUGIN_ERROR: {
    message: '插件执行失败。',
    hint: '本次处理已回滚，没有任何改动；错误中写明了插件和钩子。修正插件或其配置后重新投递该事件。',
  },
  // 需求（反馈闭环）
  NEED_TRANSITION_ILLEGAL: {
    message: '该需求不允许这样变更状态。',
    hint: '允许的变更：captured → acknowledged | duplicate；acknowledged → planned | in-progress | adopted | declined | duplicate；planned → in-progress | adopted | declined | duplicate；in-progress → adopted | declined；adopted | declined | duplicate → closed。',
  },
  NEED_NOT_FOUND: {
    message: '没有这个 id 的需求条目。',
    hint: '使用已捕获需求的 needId（默认是捕获它的事件的 id）。',
  },
  // 引擎与存储
  ENGINE_CLOSED: {
    message: '引擎已关闭。',
    hint: '创建一个新的引擎。',
  },
  STORE_ERROR: {
    message: '存储出错；没有写入任何内容。',
    hint: '检查数据库连接；同一事件可以安全地重新投递。',
  },
  STORE_CLOSED: {
    message: '存储已关闭。',
    hint: '打开一个新的存储。',
  },
  STORE_CONTRACT_VIOLATION: {
    message: '存储的使用超出了其约定。',
    hint: '只加载和提交工作单元锁定的键，且最多提交一次。',
  },
  STORE_CONFLICT: {
    message: '该事件 id 已经提交过；本工作单元没有写入任何内容。',
    hint: '另一个工作进程先提交了同一事件：读取它记录的结果，不要再次投递。',
  },
  STORE_QUERY_INVALID: {
    message: '存储查询的参数不合法；没有读取或修改任何内容。',
    hint: 'topCounters 接受字符串前缀和 { limit: 0 到 10,000 之间的整数, after?: 上一页的最后一项 }；compactRecords 和 compactOutbox 接受 { before: 毫秒时间戳, limit?: 正整数 }。',
  },
  RETENTION_INVALID: {
    message: '保留期选项不合法。',
    hint: '给 createEngine({ retention: { outcomes, messages } }) 传入毫秒数（0 或更大），或用 Infinity 永久保留完整结果或消息文本。',
  },
  OUTBOX_LEASE_LOST: {
    message: '发件箱消息的租约已过期或属于另一个工作进程。',
    hint: '租约时长应长于渠道处理器发送所需的时间。',
  },
  // 回复（操作容错）
  UNDO_WINDOW_EXPIRED: {
    message: '该操作已无法撤销：撤销时限已过。',
    hint: '只能在原事件后 settings.replies.undo.windowSeconds 秒内撤销；之后请用一个新操作来弥补。',
  },
  DISPATCH_OPTIONS_INVALID: {
    message: '传给 dispatchBatch 的选项不合法。',
    hint: '事件须是数组或（异步）可迭代对象；batchSize 为正整数（默认 500），now 为 "clock" 或 "event"，onOutcome 为函数。',
  },
  CLOCK_INVALID: {
    message: '给定的时间不是有效日期。',
    hint: '传入 Date、毫秒时间戳或 ISO 8601 时间字符串。',
  },
  PRIVACY_INVALID: {
    message: '隐私选项或删除请求不合法。',
    hint: '给 createEngine({ privacy: { pseudonymKey } }) 传入至少 16 字节的密钥，并给 forgetUser 传入非空的用户 id。',
  },
  LIMITS_INVALID: {
    message: '选项中给出的大小上限不合法。',
    hint: '上限包括 payloadBytes、payloadDepth、policyBytes、policyRules 和 policyDepth；每个都须是正整数，或用 Infinity 关闭。',
  },
  // 策略测试（@engageloop/testing）
  POLICY_INVARIANT_FAILED: {
    message: '生成的用户旅程违反了策略的不变式。',
    hint: '把反例事件粘贴到 `engageloop explain` 查看触发了哪些规则，然后修正规则或其上限。',
  },
  RULE_PATH_UNSUPPORTED: {
    message: '条件路径使用了不支持的 JSONPath 语法。',
    hint: '键、[0] 与 .0 下标、[*] 与 .* 通配、$..name、[-1:] 之类的切片和 [0,2] 之类的并集与 json-rules-engine 的行为一致；过滤器 ?(…)、脚本 (…)、@ 选择器、^ 和 ~ 不支持（见条件指南）。',
  },
  RULE_REFERENCE_UNKNOWN: {
    message: '规则引用了策略中未声明的名称（徽章、钱包、等级、回复模板等）。',
    hint: '修正拼写（消息中给出了最接近的已声明名称），或按消息所示在相应位置声明该名称。',
  },
  SETTINGS_REFERENCE_UNKNOWN: {
    message: '插件设置中引用了策略中未声明的规则 id 或其他名称。',
    hint: '修正拼写（消息中给出了最接近的已声明名称）：上限、预算或倍率必须列出策略中存在的规则 id，徽章、钱包、等级、生命周期阶段与分群、回复模板必须在设置中声明（设置里的条件，例如阶段的 `when`，也只能引用已声明的名称）。',
  },
} as const satisfies Record<ErrorCode, { message: string; hint: string }>;
