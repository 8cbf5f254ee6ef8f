// app.js - shared by every page of tongban's web front end.
//
// - api(): fetch wrapper for /api/v1 (same-origin cookie session, sends
//   X-CSRF-Token on state-changing requests, throws ApiError from the
//   API's {"error":{"code","message","field"}} body);
// - the Chinese / English dictionary, t(), the language switch
//   (localStorage, <html lang> follows) and data-i18n attributes;
// - the header (brand, navigation, who is signed in, language switch)
//   and the footer;
// - showError() / clearError() for an alert region and the form field
//   the API names.
//
// No inline script or style anywhere: the server's Content-Security-Policy
// forbids them, so pages only load modules from web/ and use classes.

const LANG_KEY = 'tongban.lang';
const CSRF_KEY = 'tongban.csrf';
// A hint, not a secret: "this browser has signed in".  It saves anonymous
// visitors a GET /api/v1/me that can only answer 401 (and the console
// error a browser logs for it).  Cleared by sign-out or by a 401.
const SIGNED_IN_KEY = 'tongban.signedIn';

export const dict = {
  zh: {
    'site.name': '通办',
    'site.tagline': '上海一网通办 · 社区事务受理',
    'skip': '跳到主要内容',
    'nav.label': '主导航',
    'nav.home': '事项搜索',
    'nav.centers': '办理地点',
    'nav.signin': '登录',
    'nav.account': '我的账户',
    'lang.label': '语言',
    'footer.demo': '演示系统：事项、地点和账户均为示例数据，不代表真实办事指南。',
    'footer.data': '地点的地址、电话等标注“示例数据”的内容为虚构。',
    'loading': '正在加载…',
    'yes': '是',
    'no': '否',
    'any': '不限',
    'sample': '示例数据',
    'sample.long': '示例数据 / sample data',
    'workdays': (n) => (n === 0 ? '即办（当场办结）' : `${n} 个工作日`),
    'fee.free': '免费',
    'fee.yuan': (y) => `${y} 元`,
    'applicant.person': '个人',
    'applicant.enterprise': '企业',
    'mode.on-the-spot': '当场办理',
    'mode.collected-here': '收受分离（本中心受理，主管部门审批）',
    // errors
    'err.title': '出错了',
    'err.network': '无法连接服务器，请检查网络后重试。',
    'err.invalid_credentials': '登录名或密码错误。',
    'err.unauthorized': '请先登录。',
    'err.not_found': '未找到。',
    'err.invalid_parameter': '输入有误。',
    'err.csrf': '会话校验失败，请刷新页面后重试。',
    'err.not_active': '该账户尚未激活或已停用。',
    'err.forbidden': '没有权限。',
    'err.rate_limited': '尝试次数过多，请稍后再试。',
    'err.server': '服务器出错，请稍后再试。',
    'err.invalid_lat': '纬度须为 -90 到 90 之间的数字。',
    'err.invalid_lng': '经度须为 -180 到 180 之间的数字。',
    'err.missing_login': '请输入登录名和密码。',
    'err.detail': '服务器说明',
    // home
    'title.home': '事项搜索 · 通办',
    'home.h1': '查找办事事项',
    'home.intro': '搜索本市社区事务受理服务中心和企业审批的办事事项，查看办事指南和申请材料。',
    'search.label': '搜索事项（中文或英文）',
    'search.placeholder': '例如：社保、医保、老年、居住证',
    'search.button': '搜索',
    'search.popular': '热门搜索：',
    'filters.legend': '筛选条件',
    'filter.department': '实施部门',
    'filter.department.any': '全部部门',
    'filter.applicant': '申请对象',
    'filter.applicant.any': '个人和企业',
    'filter.citywide': '全市通办',
    'filter.citywide.true': '仅全市通办',
    'filter.citywide.false': '仅非全市通办',
    'filter.online': '全程网办',
    'filter.zero': '零材料提交',
    'results.h2': '搜索结果',
    'results.count': (total, from, to) => (total === 0 ? '没有找到符合条件的事项。'
      : `找到 ${total} 项事项，显示第 ${from}–${to} 项。`),
    'results.prev': '上一页',
    'results.next': '下一页',
    'results.pages': '结果分页',
    'tag.citywide': '全市通办',
    'tag.not-citywide': '非全市通办',
    'tag.online': '全程网办',
    'tag.one-visit': '最多跑一次',
    'tag.zero': '零材料提交',
    'tag.promised': (d) => (d === 0 ? '即办' : `承诺 ${d} 个工作日`),
    // matter
    'title.matter': '办事指南 · 通办',
    'matter.back': '返回事项搜索',
    'matter.crumb': '面包屑导航',
    'matter.guide': '办事指南',
    'matter.code': '事项编码',
    'matter.summary': '事项概要',
    'matter.facts': '基本信息',
    'matter.department': '实施部门',
    'matter.applicant': '申请对象',
    'matter.citywide': '全市通办',
    'matter.citywide.yes': '是：可在本市任一社区事务受理服务中心办理',
    'matter.citywide.no': '否',
    'matter.citywide.why': '原因',
    'matter.mode': '办理方式',
    'matter.online': '全程网办',
    'matter.one-visit': '一次办成（最多跑一次）',
    'matter.legal': '法定时限',
    'matter.promised': '承诺时限',
    'matter.fee': '收费',
    'matter.terminal': '自助终端办理',
    'matter.mobile': '随申办移动端办理',
    'matter.zero': '零材料提交',
    'matter.zero.note': '本事项为零材料提交：所有材料均通过电子证照、数据共享或告知承诺获取，无需提交纸质材料。',
    'matter.conditions': '受理条件',
    'matter.result': '办理结果',
    'matter.basis': '设定依据',
    'matter.basis.zh-only': '',
    'matter.materials': '申请材料',
    'matter.materials.caption': (n) => `申请材料（共 ${n} 项）`,
    'matter.materials.none': '本事项无需提交申请材料。',
    'matter.materials.scroll': '申请材料表（可横向滚动）',
    'mat.no': '序号',
    'mat.name': '材料名称',
    'mat.how': '提供方式',
    'mat.count': '份数',
    'mat.key': '关键材料',
    'mat.note': '备注',
    'mat.provide': '申请人提供',
    'mat.licence': '电子证照（免交）',
    'mat.shared': (d) => `数据共享：由${d}提供（免交）`,
    'mat.commitment': '告知承诺：签署承诺书代替证明',
    'mat.originals': (n) => `原件 ${n} 份`,
    'mat.copies': (n) => `复印件 ${n} 份`,
    'mat.none': '—',
    'mat.key.yes': '是（缺少时不予受理）',
    'mat.key.no': '否（可容缺受理）',
    'mat.elicence': '可用电子证照',
    'matter.find-center': '查找附近的办理地点',
    'matter.missing': '链接中缺少事项编码。',
    // centers
    'title.centers': '办理地点 · 通办',
    'centers.h1': '查找办理地点',
    'centers.intro': '输入一个位置，查找最近的社区事务受理服务中心、分中心、邻里帮办服务点和24小时自助服务点，以及在指定时间是否营业。',
    'centers.form': '使用一个位置',
    'centers.lat': '纬度',
    'centers.lng': '经度',
    'centers.pos.hint': '默认位置：彭浦新村（北纬 31.305，东经 121.45）。',
    'centers.at': '日期和时间（上海时间，可不填）',
    'centers.at.hint': '不填则按当前时间计算是否营业。',
    'centers.kind': '地点类型',
    'centers.kind.default': '中心和分中心',
    'kind.center': '社区事务受理服务中心',
    'kind.sub-center': '分中心',
    'kind.service-point': '邻里帮办服务点',
    'kind.self-service': '24小时自助服务点',
    'centers.open-only': '只显示营业中的地点',
    'centers.limit': '显示数量',
    'centers.button': '查找',
    'centers.results': '最近的地点',
    'centers.count': (n, at) => (n === 0 ? `${at}：没有找到符合条件的地点。` : `${at}：最近的 ${n} 个地点。`),
    'centers.at.now': '当前时间',
    'centers.distance': '距离',
    'centers.open': '营业中',
    'centers.closed': '已关闭',
    'centers.closes': (t) => `${t} 结束营业`,
    'centers.next': (t) => `下次开放：${t}`,
    'centers.hours': '营业时间',
    'centers.hours.always': '24 小时开放',
    'centers.hours.week': (a, b, c, d) => `工作日 ${a}–${b}；周末及节假日 ${c}–${d}`,
    'centers.address': '地址',
    'centers.phone': '电话',
    'centers.district': '所在区',
    'centers.position': '位置',
    'centers.map': '地点地图',
    'centers.map.title': '上海市办理地点示意图',
    'centers.map.desc': '灰点为全部地点，蓝色带编号的点为最近的地点，红色十字为所用位置。轮廓为示意，非测绘数据。',
    'centers.map.you': '所用位置',
    'centers.map.legend.all': '其他地点',
    'centers.map.legend.near': '最近的地点',
    'centers.map.legend.you': '所用位置',
    'centers.districts': '各区',
    'centers.districts.caption': '选择一个区，以该区中心为位置查找。',
    'centers.districts.name': '区',
    'centers.districts.population': '常住人口',
    'centers.districts.centers': '中心数',
    'weekday': ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
    'date': (y, m, d, w, hm) => `${m}月${d}日（${w}）${hm}`,
    'time.today': (hm) => hm,
    // sign-in
    'title.signin': '登录 · 通办',
    'signin.h1': '登录',
    'signin.login': '登录名',
    'signin.login.hint': '居民请输入身份证号，企业请输入统一社会信用代码，工作人员请输入用户名。',
    'signin.password': '密码',
    'signin.button': '登录',
    'signin.busy': '正在登录…',
    'signin.done': (n) => `已登录：${n}`,
    'signin.who': '当前登录',
    'signin.signout': '退出登录',
    'signin.signedout': '已退出登录。',
    'me.login': '登录名',
    'me.kind': '账户类型',
    'me.role': '角色',
    'me.mobile': '手机号',
    'me.registered': '户籍地',
    'me.living': '居住地',
    'me.center': '所属中心',
    'me.district': '所属区',
    'me.department': '所属部门',
    'me.agent': '代理的企业',
    'kind.person': '居民',
    'kind.enterprise': '企业',
    'kind.staff': '工作人员',
    'role.resident': '居民',
    'role.enterprise': '企业',
    'role.clerk': '窗口人员',
    'role.manager': '中心主任',
    'role.reviewer': '审批人员',
    'role.district_admin': '区级管理员',
    'role.city_admin': '市级管理员',
    'role.auditor': '审计员',
    // ---- cases (shared by the desk, review, manage and my-cases pages)
    'nav.desk': '综合窗口',
    'nav.review': '审批队列',
    'nav.manage': '办件管理',
    'nav.mycases': '我的办件',
    'nav.licences': '我的证照',
    'footer.verify': '核验电子证照',
    'need.signin': '请先登录后使用本页面。',
    'need.signin.link': '去登录',
    'need.role': '当前账户不能使用本页面。',
    'err.conflict': '办件已被他人更新，已重新载入最新内容，请核对后再操作。',
    'err.wrong_state': '办件当前状态不允许这个操作，已重新载入最新内容。',
    'err.materials_missing': '还有材料未提供，不能受理：可要求补正，或对非关键材料容缺受理。',
    'err.key_materials_missing': '关键材料缺少时不能容缺受理。',
    'err.originals_not_received': '原件尚未送达审批中心，暂不能开始审批。',
    'err.materials_outstanding': '容缺的材料尚未补交，暂不能作出决定。',
    'err.commitment_needed': '本事项需要申请人签署告知承诺。',
    'err.not_citywide': '本事项不能全市通办：请到申请人户籍所在区的中心办理。',
    'err.not_registered': '没有这个已激活的账户，请申请人先注册实名账户。',
    'err.unknown_matter': '没有这个事项。',
    'err.wrong_applicant': '申请对象与事项不符。',
    'err.no_district': '无法确定办理区，请指定受理中心。',
    'err.missing_field': '请填写必填项。',
    'err.invalid_value': '填写的内容无效。',
    'err.too_short': '填写的内容太短。',
    'err.too_long': '填写的内容太长。',
    'err.out_of_range': '数值超出范围。',
    'err.missing_parameter': '请填写必填项。',
    'err.unsupported_media_type': '只接受 PDF、JPEG 或 PNG 文件。',
    'err.payload_too_large': '文件太大。',
    'err.not_needed': '这项材料已通过电子证照、数据共享或告知承诺满足，无需上传。',
    'err.invalid_id_number': '请输入 18 位身份证号（最后一位可为 X）。',
    'err.no_file': '请先选择一个文件。',
    'err.no_matter': '请先选择一个事项。',
    'err.no_applicant': '请先查找申请人。',
    'err.no_case_number': '没有找到这个办件编号。',
    'err.competent': '可以受理的中心：',
    'cases.reloaded': '已重新载入办件。',
    'state.draft': '草稿',
    'state.submitted': '已提交',
    'state.pre-review': '预审中',
    'state.supplement-requested': '待补正',
    'state.not-accepted': '不予受理',
    'state.accepted': '已受理',
    'state.under-review': '审批中',
    'state.awaiting-payment': '待缴费',
    'state.approved': '已批准',
    'state.refused': '不予批准',
    'state.issued': '已出证',
    'state.delivered': '已寄出',
    'state.closed': '已办结',
    'state.withdrawn': '已撤回',
    'action.file': '登记办件',
    'action.submit': '提交',
    'action.start-pre-review': '开始预审',
    'action.accept': '受理',
    'action.accept-tolerant': '容缺受理',
    'action.request-supplement': '要求补正',
    'action.resubmit': '补正后重新提交',
    'action.not-accept': '不予受理',
    'action.start-review': '开始审批',
    'action.approve': '批准',
    'action.refuse': '不予批准',
    'action.record-payment': '登记缴费',
    'action.issue': '出证',
    'action.deliver': '快递送达',
    'action.collect': '窗口领取',
    'action.confirm-receipt': '确认收到',
    'action.withdraw': '撤回申请',
    'action.send-originals': '寄出原件',
    'action.receive-originals': '收到原件',
    'action.upload-material': '上传材料',
    'action.receive-material': '窗口收取原件',
    'action.done': (a, s) => `已完成“${a}”，办件状态：${s}。`,
    'action.confirm': (a) => `确认${a}`,
    'action.none': '当前没有您可以进行的操作。',
    'actions.h': '可进行的操作',
    'actions.group': '办件操作',
    'f.follow_up_by': '补交截止日期',
    'f.follow_up_by.hint': '缺少的非关键材料须在此日期前补交。',
    'f.missing': '需要补正的材料',
    'f.note': '补正说明（告知申请人）',
    'f.reason': '理由（告知申请人）',
    'f.payment': (y) => `实收金额（元，应收 ${y} 元）`,
    'f.payment.method': '缴费方式',
    'pay.cash': '现金',
    'pay.WeChat Pay': '微信支付',
    'pay.Alipay': '支付宝',
    'pay.UnionPay': '银联',
    'f.carrier': '快递公司',
    'carrier.EMS': '中国邮政 EMS',
    'carrier.SF': '顺丰速运',
    'f.tracking': '快递单号',
    'f.commit': '申请人已签署告知承诺',
    'f.withdraw.confirm': '撤回后本次申请结束，需要时可重新申请。',
    'f.method': '流转方式',
    'method.courier': '快递',
    'method.internal mail': '内部交换',
    'case.number': '办件编号',
    'case.matter': '事项',
    'case.applicant': '申请人',
    'case.state': '状态',
    'case.channel': '渠道',
    'channel.online': '网上申请',
    'channel.window': '窗口',
    'channel.service-point': '服务点',
    'channel.terminal': '自助终端',
    'case.received': '受理中心',
    'case.competent': '审批中心',
    'case.filed': '申请时间',
    'case.fee': '收费',
    'case.paid': (y) => `已缴 ${y} 元`,
    'case.deadline': '办理时限',
    'case.promised_due': '承诺办结日期',
    'case.legal_due': '法定办结日期',
    'case.left': '剩余工作日',
    'case.clock': '计时',
    'case.follow_up_by': '容缺材料补交截止',
    'case.paused_days': '已暂停工作日',
    'case.not-accepted-yet': (n) => `受理后 ${n} 个工作日内办结`,
    'clock.none': '未开始（受理后开始计时）',
    'clock.running': '计时中',
    'clock.paused': '已暂停（等待申请人）',
    'clock.stopped': '已停止',
    'days.left': (n) => (n > 0 ? `剩余 ${n} 个工作日` : n === 0 ? '今天到期' : `已超期 ${-n} 个工作日`),
    'days.none': '—',
    'case.open': '查看办件',
    'case.h.materials': '申请材料',
    'case.h.timeline': '办理过程',
    'case.h.circulation': '材料流转',
    'case.h.licence': '电子证照',
    'case.h.facts': '办件信息',
    'mat.status.needed': '缺少',
    'mat.status.satisfied': '已满足',
    'mat.status.outstanding': '容缺待补',
    'mat.status.received': '已收原件',
    'mat.way.upload': '申请人提供',
    'mat.way.licence': '电子证照',
    'mat.way.shared': '数据共享',
    'mat.way.commitment': '告知承诺',
    'mat.key.short': '关键材料',
    'mat.reason': '说明',
    'mat.upload.label': (n) => `上传“${n}”（PDF、JPEG 或 PNG）`,
    'mat.upload.button': '上传',
    'mat.upload.busy': '正在上传…',
    'mat.uploaded': (n) => `已上传“${n}”。`,
    'mat.uploaded.file': (type, kb) => `已上传文件：${type}，${kb} KB`,
    'mat.received.button': (n) => `登记已收“${n}”原件`,
    'mat.received.done': (n) => `已登记收到“${n}”原件。`,
    'ev.by': (role, by) => `${role}${by ? ` ${by}` : ''}`,
    'ev.place': '地点',
    'ev.online': '网上',
    'ev.note': '备注',
    'ev.data.commitments_signed': '已签署告知承诺',
    'ev.data.follow_up_by': '容缺材料补交截止',
    'ev.data.missing': '需补正材料',
    'ev.data.reason': '理由',
    'ev.data.routed_to': '流转至',
    'ev.data.payment_fen': '缴费金额',
    'ev.data.payment_method': '缴费方式',
    'ev.data.carrier': '快递公司',
    'ev.data.tracking': '单号',
    'ev.data.licence_number': '证照编号',
    'ev.data.method': '流转方式',
    'ev.data.kind': '材料',
    'ev.data.size': '大小',
    'circ.route': (a, b) => `${a} → ${b}`,
    'circ.waiting': '原件待寄出',
    'circ.sent': (t, m, no) => `已寄出（${t}，${m}，单号 ${no}）`,
    'circ.received': (t) => `已收到（${t}）`,
    'circ.send': '寄出原件',
    'circ.receive': '确认收到原件',
    'circ.sent.done': '原件已寄出。',
    'circ.received.done': '原件已收到，可以开始审批。',
    'circ.none': '本办件由受理中心直接审批，无需流转原件。',
    'lic.kind': '证照类型',
    'lic.number': '证照编号',
    'lic.holder': '持证人',
    'lic.department': '发证部门',
    'lic.issued_on': '发证日期',
    'lic.valid_until': '有效期至',
    'lic.forever': '长期有效',
    'lic.status': '状态',
    'lic.status.valid': '有效',
    'lic.status.expired': '已过期',
    'lic.status.revoked': '已撤销',
    'lic.verify': '核验这张证照',
    'lic.qr': (no) => `证照 ${no} 的核验二维码`,
    // desk
    'title.desk': '综合窗口 · 通办',
    'desk.h1': '综合窗口受理',
    'desk.intro': '一窗综办：查找申请人，选择事项，在本中心受理，核对材料并推进办件。',
    'desk.center': '本窗口所属中心',
    'desk.find.h': '1. 查找申请人',
    'desk.id': '申请人身份证号',
    'desk.id.hint': '18 位，最后一位可为 X。查询会记入审计日志。',
    'desk.purpose': '查询目的（记入审计日志）',
    'desk.purpose.default': '窗口受理',
    'desk.find': '查找',
    'desk.applicant.found': (n) => `找到申请人：${n}`,
    'desk.matter.h': '2. 选择事项并受理',
    'desk.matter.q': '搜索事项',
    'desk.matter.search': '搜索',
    'desk.matter.results': '选择一个事项',
    'desk.matter.count': (n) => (n === 0 ? '没有找到事项。' : `找到 ${n} 项事项。`),
    'desk.commit': '申请人已签署本事项的告知承诺（如有）',
    'desk.file': '受理登记',
    'desk.filed': (no) => `已登记办件 ${no}。`,
    'desk.open.h': '打开办件',
    'desk.open.number': '办件编号',
    'desk.open.button': '打开',
    'desk.recent': '本中心最近的办件',
    'desk.recent.none': '本中心还没有办件。',
    'desk.case.h': (no) => `办件 ${no}`,
    'desk.receipt': '打印受理回执',
    'desk.new': '受理下一位',
    // receipt
    'receipt.h1': '受理回执',
    'receipt.center': '受理中心',
    'receipt.date': '受理日期',
    'receipt.materials': '已收材料',
    'receipt.materials.none': '无',
    'receipt.deadline': '承诺办结时限',
    'receipt.print': '打印',
    'receipt.back': '返回综合窗口',
    'receipt.note': '请妥善保管本回执，凭办件编号查询办理进度。',
    // review
    'title.review': '审批队列 · 通办',
    'review.h1': '审批队列',
    'review.intro': '后台分类审批：本部门已受理和审批中的办件。原件送达审批中心后才能开始审批。',
    'review.accepted': '待审批（已受理）',
    'review.under': '审批中',
    'review.none': '没有办件。',
    'review.count': (n) => `共 ${n} 件`,
    'review.back': '返回审批队列',
    // lists
    'list.number': '办件编号',
    'list.matter': '事项',
    'list.applicant': '申请人',
    'list.state': '状态',
    'list.due': '承诺办结日期',
    'list.left': '剩余工作日',
    'list.center': '受理 / 审批中心',
    'list.filed': '申请日期',
    // manage
    'title.manage': '办件管理 · 通办',
    'manage.h1': '办件管理',
    'manage.intro': '即将到期和已超期的办件，以及按条件查询办件（只显示您权限范围内的办件）。',
    'manage.soon': '即将到期（两个工作日内）',
    'manage.overdue': '已超期',
    'manage.search': '查询办件',
    'manage.number': '办件编号',
    'manage.applicant': '申请人身份证号或统一社会信用代码',
    'manage.matter': '事项编码',
    'manage.state': '状态',
    'manage.state.any': '全部状态',
    'manage.from': '申请日期从',
    'manage.to': '申请日期至',
    'manage.button': '查询',
    'manage.results': '查询结果',
    'manage.count': (total, from, to) => (total === 0 ? '没有符合条件的办件。' : `共 ${total} 件，显示第 ${from}–${to} 件。`),
    'manage.purpose': '按申请人查询（记入审计日志）',
    // my cases
    'title.mycases': '我的办件 · 通办',
    'mycases.h1': '我的办件',
    'mycases.intro': '查看办理进度、补交材料和结果证照。',
    'mycases.none': '您还没有办件。',
    'mycases.count': (n) => `共 ${n} 件办件`,
    'notices.h': '消息',
    'notices.unread': (n) => (n === 0 ? '没有未读消息。' : `${n} 条未读消息`),
    'notices.none': '没有消息。',
    'notices.read': '标为已读',
    'notices.read.label': (d) => `（${d}的消息）`,
    'notices.new': '未读',
    'notices.case': '查看办件',
    // licences
    'title.licences': '我的证照 · 通办',
    'licences.h1': '我的电子证照',
    'licences.intro': '电子证照库中您持有的证照，以及办件出具的结果证照。办事时可直接调用，免交纸质材料。',
    'licences.none': '您还没有电子证照。',
    // verify
    'title.verify': '电子证照核验 · 通办',
    'verify.h1': '电子证照核验',
    'verify.intro': '输入证照上的核验码，或扫描证照上的二维码，核验证照的真伪和状态。',
    'verify.code': '核验码（20 位）',
    'verify.button': '核验',
    'verify.genuine': '真实有效的电子证照记录',
    'verify.genuine.h': (s) => `证照真实，状态：${s}`,
    'verify.fake': '没有找到这个核验码对应的证照：证照不真实，或核验码输入有误。',
    'verify.bad': '核验码格式不正确：应为 20 位数字和大写字母。',
    'verify.revoked_at': '撤销时间',
    'role.applicant': '申请人',
    'sep': '：',
    'paren': (x) => `（${x}）`,
    'err.bad_code': '核验码格式不正确：应为 20 位数字和大写字母。',
    'err.applicant_not_found': '没有找到这个身份证号的已注册申请人（或不在您的权限范围内）。',
    // ---- the in-person queue: board, ticket, terminal, counter, appointments, statistics
    'nav.appointments': '预约办事',
    'nav.counter': '窗口叫号',
    'nav.stats': '排队统计',
    'tstatus.waiting': '等候中',
    'tstatus.called': '已叫号',
    'tstatus.serving': '办理中',
    'tstatus.done': '已办结',
    'tstatus.no-show': '已过号',
    'q.center': '办理中心',
    'q.group': '窗口类别',
    'q.label': '号码',
    'q.status': '状态',
    'q.window': (n) => `${n}号窗口`,
    'q.call': (label, n) => `请${label}号到${n}号窗口`,
    'q.go': (n) => `请到${n}号窗口`,
    'q.ahead': (n) => (n === 0 ? '前面没有人等候' : `前面还有 ${n} 人`),
    'q.wait': (m) => `预计等候约 ${m} 分钟`,
    'q.waiting.n': (n) => `${n} 人等候`,
    'q.open.n': (n) => `${n} 个窗口开放`,
    'q.live': '实时更新中',
    'q.reconnecting': '连接中断，正在重新连接…',
    'q.missing.center': '链接中缺少中心编码。',
    'q.qr': (label) => `号码 ${label} 的二维码：用手机扫码查看排队进度`,
    'q.arrived': '取号时间',
    'q.called_at': '叫号时间',
    'q.recalls': '重呼次数',
    'q.priority': '优先',
    'q.source.appointment': '预约签到',
    'prio.elderly': '70 岁以上老人',
    'prio.disabled': '残疾人',
    'prio.pregnant': '孕妇',
    'q.minutes': (m) => `${m} 分钟`,
    'err.busy': '系统繁忙，请再试一次。',
    'err.missing_center': '链接中缺少中心编码，例如 board.html?center=JA12。',
    'err.ticket_link': '链接不完整：缺少号码或校验码。请扫描号票上的二维码。',
    // board
    'title.board': '叫号显示屏 · 通办',
    'board.h1': '叫号显示屏',
    'board.now': '正在叫号',
    'board.recent': '最近叫号',
    'board.none': '暂无叫号',
    'board.groups': '等候情况',
    'board.col.group': '窗口类别',
    'board.col.waiting': '等候人数',
    'board.col.open': '开放窗口',
    'board.clock': '当前时间',
    'board.hint': '取号请到自助取号机，或扫描号票上的二维码在手机上查看进度。',
    // ticket
    'title.ticket': '排队进度 · 通办',
    'ticket.h1': '排队进度',
    'ticket.missing': '链接不完整：缺少号码或校验码。请扫描号票上的二维码。',
    'ticket.keep': '请保持本页打开：叫到您的号码时会自动更新。',
    'ticket.done': '已办结，感谢您的耐心等候。',
    'ticket.noshow': '您已过号。如仍需办理，请重新取号。',
    'ticket.serving': (n) => `正在${n}号窗口办理`,
    'ticket.link': '打开排队进度页面',
    // take
    'title.take': '自助取号 · 通办',
    'take.h1': '自助取号',
    'take.intro': '选择办理窗口，或搜索要办理的事项，然后取号。',
    'take.prio.legend': '优先服务（可选）',
    'take.prio': '优先类别',
    'take.prio.none': '不需要',
    'take.id': '身份证号（仅用于核验优先资格，不会保存）',
    'take.id.hint': '70 岁以上老人或持有残疾人证的居民可优先叫号。孕妇请到窗口由工作人员取号。',
    'take.groups.h': '按窗口取号',
    'take.groups.hint': '点击一个窗口类别即可取号。',
    'take.matter.h': '按事项取号',
    'take.matter.hint': '搜索后点击要办理的事项即可取号，系统会安排到对应的窗口。',
    'take.matter.q': '搜索事项',
    'take.matter.search': '搜索',
    'take.ticket.h': '您的号码',
    'take.taken': (label) => `已取号：${label}。`,
    'take.scan': '请用手机扫描二维码，随时查看排队进度。',
    'take.again': '完成，下一位',
    'take.busy': '正在取号…',
    'err.priority_not_proven': '无法核验优先资格：70 岁以上老人请填写本人身份证号；残疾人须持有有效的残疾人证电子证照；孕妇请到窗口由工作人员取号。也可以不选优先类别直接取号。',
    // counter
    'title.counter': '窗口叫号 · 通办',
    'counter.h1': '窗口叫号',
    'counter.intro': '选择您的窗口并开窗，然后叫下一位。为窗口前的申请人登记办件请到综合窗口页面。',
    'counter.center': '本中心',
    'counter.window.h': '我的窗口',
    'counter.window': '窗口',
    'counter.window.option': (n, g, st) => `${n}号窗口 · ${g} 类 · ${st}`,
    'wstatus.open': '开放',
    'wstatus.closed': '关闭',
    'counter.by': (name) => name,
    'counter.open': '开窗',
    'counter.close': '关窗',
    'counter.callnext': '叫下一位',
    'counter.opened': (n) => `${n}号窗口已开放。`,
    'counter.closed': (n) => `${n}号窗口已关闭。`,
    'counter.called': (label, n) => `已叫号：请${label}号到${n}号窗口。`,
    'counter.ticket.h': '当前号码',
    'counter.none': '本窗口当前没有号码。',
    'counter.unknown': (label) => `本窗口的号码 ${label} 是在另一台设备上叫的，请在那台设备上继续办理。`,
    'counter.transfer.to': '转到窗口类别',
    'counter.case': '办件编号或办件 ID',
    'counter.case.hint': '例如 JA12-20261122-0001，在综合窗口登记后可见。',
    'counter.desk': '为这位申请人登记办件',
    'counter.waiting.h': '各类别等候人数',
    'counter.windows.h': '本中心窗口',
    'counter.col.window': '窗口',
    'counter.col.group': '类别',
    'counter.col.status': '状态',
    'counter.col.clerk': '工作人员',
    'counter.col.ticket': '当前号码',
    'counter.linked': (n) => `已关联办件 ${n}`,
    'tact.recall': '重呼',
    'tact.skip': '过号',
    'tact.start': '开始办理',
    'tact.finish': '办结',
    'tact.transfer': '转出',
    'tact.link': '关联办件',
    'tact.done': (label, a, st) => `${label}：已${a}，状态：${st}。`,
    'err.queue_empty': '本类别当前没有人等候。',
    'err.recall_first': '须先重呼满规定次数（默认 2 次）仍未到场，才能过号。',
    'err.recalls_used': '已达到重呼次数上限，请过号。',
    'err.window_taken': '这个窗口已由其他工作人员开放。',
    'err.window_busy': '本窗口还有已叫号或办理中的号码：请先办结、过号或转出。',
    'err.window_closed': '请先开窗（窗口未开放，或由其他工作人员开放）。',
    'err.ticket_conflict': '号码已被更新，已重新载入，请核对后再操作。',
    'err.ticket_wrong_state': '号码当前状态不允许这个操作（或不是本窗口叫的号），已重新载入。',
    'err.no_window': '请先选择窗口。',
    // appointments
    'title.appointments': '预约办事 · 通办',
    'appt.h1': '预约办事',
    'appt.intro': '预约社区事务受理服务中心的办理时段。预约后按时到场签到，优先叫号（网上预约、优先受理）。',
    'appt.find.h': '选择中心和日期',
    'appt.district': '所在区',
    'appt.center': '中心',
    'appt.date': '日期',
    'appt.date.hint': '可预约今天起 30 天内的时段。',
    'appt.group': '窗口类别',
    'appt.group.all': '全部类别',
    'appt.show': '查看时段',
    'appt.slots.h': '可预约时段',
    'appt.slots.count': (day) => `${day}的时段：`,
    'appt.slots.none': '当天中心不开放，没有可预约的时段。',
    'appt.slot.left': (a, c) => `剩余 ${a}/${c}`,
    'appt.slot.full': '已约满',
    'appt.slot.past': '已开始，不可预约',
    'appt.group.h': (name, code, cap) => `${name}（${code} 类，每个时段 ${cap} 人）`,
    'appt.book': '预约所选时段',
    'appt.booked': (day, time, code) => `预约成功：${day} ${time}，预约码 ${code}。`,
    'appt.signin': '登录后才能预约和查看您的预约。',
    'appt.staff': '工作人员账户不能预约。',
    'appt.mine.h': '我的预约',
    'appt.mine.none': '您还没有预约。',
    'appt.code': '预约码',
    'appt.when': '时间',
    'appt.status': '状态',
    'appt.status.booked': '已预约',
    'appt.status.cancelled': '已取消',
    'appt.status.checked-in': '已签到',
    'appt.reschedule': '改约',
    'appt.reschedule.date': '新日期',
    'appt.reschedule.time': '新时段',
    'appt.reschedule.none': '这一天没有可改约的时段。',
    'appt.reschedule.confirm': '确认改约',
    'appt.rescheduled': (day, time) => `已改约到 ${day} ${time}，预约码不变。`,
    'appt.cancel': '取消预约',
    'appt.cancelled': '预约已取消。',
    'appt.checkin': '到场签到',
    'appt.checkin.hint': '请在预约时段开始前 15 分钟至开始后 15 分钟内，到中心后签到。',
    'appt.checkedin': (label) => `已签到，您的号码是 ${label}，将优先叫号。`,
    'appt.ticket': '查看排队进度',
    'appt.for': (day, time) => `（${day} ${time}）`,
    'err.no_slot': '请先选择一个时段。',
    'err.slot_full': '这个时段已约满，请选择其他时段。',
    'err.already_booked': '您已预约过这个时段。',
    'err.in_the_past': '这个时段已经开始或已过去。',
    'err.too_far_ahead': '只能预约 30 天以内的时段。',
    'err.outside_hours': '中心在这个时段不开放。',
    'err.daily_limit': '每人每天最多预约 2 个时段。',
    'err.booking_suspended': '30 天内爽约 3 次，网上预约已暂停。',
    'err.too_early': '还没到签到时间：请在预约时段开始前 15 分钟内到中心签到。',
    'err.too_late': '已超过签到时间（时段开始后 15 分钟），请现场取号。',
    'err.appt_wrong_state': '这个预约已取消或已签到，已重新载入。',
    // statistics
    'title.stats': '排队统计 · 通办',
    'stats.h1': '排队统计与窗口测算',
    'stats.intro': '中心某一天的取号、等候和办理情况，以及按预计到达人数测算每小时应开放的窗口数。',
    'stats.center': '中心编码',
    'stats.date': '日期',
    'stats.show': '查看',
    'stats.figures': (day) => `${day}的数据`,
    'stats.tickets': '取号',
    'stats.called': '已叫号',
    'stats.served': '已办结',
    'stats.mean_wait': '平均等候',
    'stats.p90_wait': '90% 的人等候不超过',
    'stats.mean_service': '平均办理时长',
    'stats.no_shows': '过号',
    'stats.missed': '预约未到',
    'stats.busiest': '最忙时段',
    'stats.people': (n) => `${n} 人`,
    'stats.chart.h': '各时段到达人数',
    'stats.chart.title': (day) => `${day}各时段到达人数柱状图`,
    'stats.chart.desc': (total, hour, n) => (total === 0 ? '这一天没有人取号。' : `共 ${total} 人取号，最多的时段是 ${hour}，${n} 人。`),
    'stats.table': '以表格查看各时段到达人数',
    'stats.hour': '时段',
    'stats.arrivals': '到达人数',
    'stats.plan.h': '窗口测算',
    'stats.plan.intro': '输入预计每小时到达人数和办理时长的分布（JSON），测算每小时应开放多少个窗口，使等候时间的分位数不超过目标。先按 Erlang C 公式逐小时估算，再模拟整天检验。',
    'stats.plan.input': '测算参数（JSON）',
    'stats.plan.hint': '示例为彭浦新村街道中心 1,788 人的工作日：arrivals 为从开门起每小时的到达人数，service 为办理时长（分钟），target_wait_minutes 为目标等候时间，quantile 为分位数，max_windows 为窗口总数。',
    'stats.plan.run': '开始测算',
    'stats.plan.busy': '正在测算…',
    'stats.plan.reset': '恢复示例',
    'stats.plan.result': '测算结果',
    'stats.plan.met': (q, target) => `每个时段都能达到目标：${q} 的人等候不超过 ${target} 分钟。`,
    'stats.plan.notmet': (max) => `最多 ${max} 个窗口也无法在所有时段达到目标，见标注“未达标”的时段。`,
    'stats.plan.caption': '每小时建议开放的窗口数',
    'stats.plan.col.hour': '时段',
    'stats.plan.col.arrivals': '预计到达',
    'stats.plan.col.erlang': 'Erlang C 估算',
    'stats.plan.col.windows': '建议窗口数',
    'stats.plan.col.mean': '平均等候（分钟）',
    'stats.plan.col.q': (p) => `${p} 等候（分钟）`,
    'stats.plan.col.util': '窗口利用率',
    'stats.plan.over': '未达标',
    'stats.plan.total': '合计（窗口·小时）',
    'stats.plan.day': (wh, mean, qv, max) => `建议方案全天共 ${wh} 窗口·小时；模拟平均等候 ${mean} 分钟，分位等候 ${qv} 分钟，最长 ${max} 分钟。`,
    'err.bad_json': '测算参数不是有效的 JSON。',
    'day': (y, m, d, w) => `${y}年${m}月${d}日（${w}）`,
  },
  en: {
    'site.name': 'Tongban',
    'site.tagline': 'Shanghai one-stop government services',
    'skip': 'Skip to main content',
    'nav.label': 'Main navigation',
    'nav.home': 'Find a matter',
    'nav.centers': 'Service centers',
    'nav.signin': 'Sign in',
    'nav.account': 'My account',
    'lang.label': 'Language',
    'footer.demo': 'Demo system: matters, places and accounts are sample data, not real service guides.',
    'footer.data': 'Addresses, phone numbers and other fields marked "sample data" are fictional.',
    'loading': 'Loading…',
    'yes': 'Yes',
    'no': 'No',
    'any': 'Any',
    'sample': 'sample data',
    'sample.long': '示例数据 / sample data',
    'workdays': (n) => (n === 0 ? 'On the spot' : `${n} working day${n === 1 ? '' : 's'}`),
    'fee.free': 'Free',
    'fee.yuan': (y) => `${y} yuan`,
    'applicant.person': 'Person',
    'applicant.enterprise': 'Enterprise',
    'mode.on-the-spot': 'Decided on the spot',
    'mode.collected-here': 'Collected here, processed there (the competent department decides)',
    'err.title': 'Something went wrong',
    'err.network': 'Cannot reach the server. Check the connection and try again.',
    'err.invalid_credentials': 'The login or the password is wrong.',
    'err.unauthorized': 'Please sign in first.',
    'err.not_found': 'Not found.',
    'err.invalid_parameter': 'Please check the input.',
    'err.csrf': 'The session check failed. Reload the page and try again.',
    'err.not_active': 'This account is not active.',
    'err.forbidden': 'Not allowed.',
    'err.rate_limited': 'Too many attempts. Please wait and try again.',
    'err.server': 'The server failed. Please try again later.',
    'err.invalid_lat': 'The latitude must be a number from -90 to 90.',
    'err.invalid_lng': 'The longitude must be a number from -180 to 180.',
    'err.missing_login': 'Enter the login and the password.',
    'err.detail': 'Server says',
    'title.home': 'Find a matter · Tongban',
    'home.h1': 'Find a government service matter',
    'home.intro': 'Search the matters handled by Shanghai\'s community affairs acceptance service centers and enterprise approvals, and read their guides and materials.',
    'search.label': 'Search matters (Chinese or English)',
    'search.placeholder': 'e.g. social insurance, seniors, residence permit',
    'search.button': 'Search',
    'search.popular': 'Popular:',
    'filters.legend': 'Filters',
    'filter.department': 'Department',
    'filter.department.any': 'All departments',
    'filter.applicant': 'Applicant',
    'filter.applicant.any': 'Persons and enterprises',
    'filter.citywide': 'Citywide handling',
    'filter.citywide.true': 'Citywide only',
    'filter.citywide.false': 'Not citywide only',
    'filter.online': 'Whole-process online',
    'filter.zero': 'Zero-material',
    'results.h2': 'Results',
    'results.count': (total, from, to) => (total === 0 ? 'No matter matches.'
      : `${total} matter${total === 1 ? '' : 's'} found, showing ${from}–${to}.`),
    'results.prev': 'Previous page',
    'results.next': 'Next page',
    'results.pages': 'Result pages',
    'tag.citywide': 'Citywide',
    'tag.not-citywide': 'Not citywide',
    'tag.online': 'Online',
    'tag.one-visit': 'One visit',
    'tag.zero': 'Zero-material',
    'tag.promised': (d) => (d === 0 ? 'On the spot' : `Promised ${d} working day${d === 1 ? '' : 's'}`),
    'title.matter': 'Guide · Tongban',
    'matter.back': 'Back to the search',
    'matter.crumb': 'Breadcrumb',
    'matter.guide': 'Guide',
    'matter.code': 'Matter code',
    'matter.summary': 'Summary',
    'matter.facts': 'Key facts',
    'matter.department': 'Department',
    'matter.applicant': 'Applicant',
    'matter.citywide': 'Citywide handling',
    'matter.citywide.yes': 'Yes: any community affairs center in Shanghai accepts it',
    'matter.citywide.no': 'No',
    'matter.citywide.why': 'Why',
    'matter.mode': 'Handling mode',
    'matter.online': 'Whole-process online',
    'matter.one-visit': 'Done in one visit',
    'matter.legal': 'Legal time limit',
    'matter.promised': 'Promised time limit',
    'matter.fee': 'Fee',
    'matter.terminal': 'Self-service terminal',
    'matter.mobile': 'Mobile app (Suishenban)',
    'matter.zero': 'Zero-material',
    'matter.zero.note': 'A zero-material matter: every material comes from an electronic licence, shared data or a signed commitment, so no paper needs to be handed over.',
    'matter.conditions': 'Conditions',
    'matter.result': 'Result',
    'matter.basis': 'Legal basis',
    'matter.basis.zh-only': '(in Chinese)',
    'matter.materials': 'Materials',
    'matter.materials.caption': (n) => `Materials (${n})`,
    'matter.materials.none': 'No materials are needed for this matter.',
    'matter.materials.scroll': 'Materials table (scrolls sideways)',
    'mat.no': 'No.',
    'mat.name': 'Material',
    'mat.how': 'How it is satisfied',
    'mat.count': 'Originals / copies',
    'mat.key': 'Key material',
    'mat.note': 'Note',
    'mat.provide': 'The applicant provides it',
    'mat.licence': 'Electronic licence (nothing to hand over)',
    'mat.shared': (d) => `Data sharing: provided by ${d} (nothing to hand over)`,
    'mat.commitment': 'Notice-and-commitment: sign a commitment instead',
    'mat.originals': (n) => `${n} original${n === 1 ? '' : 's'}`,
    'mat.copies': (n) => `${n} cop${n === 1 ? 'y' : 'ies'}`,
    'mat.none': '—',
    'mat.key.yes': 'Yes (never accepted while missing)',
    'mat.key.no': 'No (tolerant acceptance)',
    'mat.elicence': 'electronic licence available',
    'matter.find-center': 'Find a nearby service center',
    'matter.missing': 'The link does not name a matter.',
    'title.centers': 'Service centers · Tongban',
    'centers.h1': 'Find a service center',
    'centers.intro': 'Give a position to find the nearest community affairs centers, sub-centers, neighborhood service points and 24-hour self-service points, and whether they are open at a given time.',
    'centers.form': 'Use a position',
    'centers.lat': 'Latitude',
    'centers.lng': 'Longitude',
    'centers.pos.hint': 'Default position: Pengpu Xincun (31.305 N, 121.45 E).',
    'centers.at': 'Date and time (Shanghai time, optional)',
    'centers.at.hint': 'Leave empty to use the current time.',
    'centers.kind': 'Kind of place',
    'centers.kind.default': 'Centers and sub-centers',
    'kind.center': 'Community affairs center',
    'kind.sub-center': 'Sub-center',
    'kind.service-point': 'Neighborhood service point',
    'kind.self-service': '24-hour self-service point',
    'centers.open-only': 'Only places open at that time',
    'centers.limit': 'How many',
    'centers.button': 'Find',
    'centers.results': 'Nearest places',
    'centers.count': (n, at) => (n === 0 ? `${at}: no place matches.` : `${at}: the ${n} nearest place${n === 1 ? '' : 's'}.`),
    'centers.at.now': 'Now',
    'centers.distance': 'Distance',
    'centers.open': 'Open',
    'centers.closed': 'Closed',
    'centers.closes': (t) => `closes at ${t}`,
    'centers.next': (t) => `next opening ${t}`,
    'centers.hours': 'Hours',
    'centers.hours.always': 'Open 24 hours',
    'centers.hours.week': (a, b, c, d) => `Weekdays ${a}–${b}; weekends and public holidays ${c}–${d}`,
    'centers.address': 'Address',
    'centers.phone': 'Phone',
    'centers.district': 'District',
    'centers.position': 'Position',
    'centers.map': 'Map of the places',
    'centers.map.title': 'Map of service places in Shanghai',
    'centers.map.desc': 'Grey dots are all places, numbered blue dots the nearest ones, the red cross the position used. The outline is approximate, not survey data.',
    'centers.map.you': 'Position used',
    'centers.map.legend.all': 'Other places',
    'centers.map.legend.near': 'Nearest places',
    'centers.map.legend.you': 'Position used',
    'centers.districts': 'Districts',
    'centers.districts.caption': 'Choose a district to search from its centre.',
    'centers.districts.name': 'District',
    'centers.districts.population': 'Population',
    'centers.districts.centers': 'Centers',
    'weekday': ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
    'date': (y, m, d, w, hm) => `${w} ${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]} ${hm}`,
    'title.signin': 'Sign in · Tongban',
    'signin.h1': 'Sign in',
    'signin.login': 'Login',
    'signin.login.hint': 'Residents: your ID number. Enterprises: the unified social credit code. Staff: your user name.',
    'signin.password': 'Password',
    'signin.button': 'Sign in',
    'signin.busy': 'Signing in…',
    'signin.done': (n) => `Signed in as ${n}`,
    'signin.who': 'Signed in',
    'signin.signout': 'Sign out',
    'signin.signedout': 'You are signed out.',
    'me.login': 'Login',
    'me.kind': 'Account kind',
    'me.role': 'Role',
    'me.mobile': 'Mobile',
    'me.registered': 'Registered district',
    'me.living': 'Living district',
    'me.center': 'Center',
    'me.district': 'District',
    'me.department': 'Department',
    'me.agent': 'Agent of',
    'kind.person': 'Resident',
    'kind.enterprise': 'Enterprise',
    'kind.staff': 'Staff',
    'role.resident': 'Resident',
    'role.enterprise': 'Enterprise',
    'role.clerk': 'Clerk',
    'role.manager': 'Center manager',
    'role.reviewer': 'Reviewer',
    'role.district_admin': 'District administrator',
    'role.city_admin': 'City administrator',
    'role.auditor': 'Auditor',
    // ---- cases
    'nav.desk': 'Comprehensive window',
    'nav.review': 'Review queue',
    'nav.manage': 'Case management',
    'nav.mycases': 'My cases',
    'nav.licences': 'My licences',
    'footer.verify': 'Verify an electronic licence',
    'need.signin': 'Please sign in to use this page.',
    'need.signin.link': 'Sign in',
    'need.role': 'This account cannot use this page.',
    'err.conflict': 'Someone else changed the case meanwhile. It has been reloaded: check it and try again.',
    'err.wrong_state': 'The case\'s state does not allow this now. It has been reloaded.',
    'err.materials_missing': 'A material is still missing: request a supplement, or accept tolerantly if only non-key materials are missing.',
    'err.key_materials_missing': 'A key material is missing: tolerant acceptance is not possible.',
    'err.originals_not_received': 'The originals have not reached the deciding center yet: the review cannot start.',
    'err.materials_outstanding': 'Materials accepted as outstanding have not followed yet: no decision is possible.',
    'err.commitment_needed': 'The applicant must sign the notice-and-commitment of this matter.',
    'err.not_citywide': 'This matter is not handled citywide: file it at a center of the applicant\'s registered district.',
    'err.not_registered': 'No active account has this ID number: the applicant must register first.',
    'err.unknown_matter': 'No such matter.',
    'err.wrong_applicant': 'This matter is not for this kind of applicant.',
    'err.no_district': 'The district cannot be told: name the receiving center.',
    'err.missing_field': 'Please fill in the required field.',
    'err.invalid_value': 'The value is not valid.',
    'err.too_short': 'The value is too short.',
    'err.too_long': 'The value is too long.',
    'err.out_of_range': 'The number is out of range.',
    'err.missing_parameter': 'Please fill in the required field.',
    'err.unsupported_media_type': 'Only PDF, JPEG or PNG files are accepted.',
    'err.payload_too_large': 'The file is too large.',
    'err.not_needed': 'This material is satisfied by an electronic licence, shared data or a commitment: nothing to upload.',
    'err.invalid_id_number': 'Enter an 18-character resident ID number (the last one may be X).',
    'err.no_file': 'Choose a file first.',
    'err.no_matter': 'Choose a matter first.',
    'err.no_applicant': 'Find the applicant first.',
    'err.no_case_number': 'No case has this number.',
    'err.competent': 'Centers that accept it:',
    'cases.reloaded': 'The case has been reloaded.',
    'state.draft': 'Draft',
    'state.submitted': 'Submitted',
    'state.pre-review': 'In pre-review',
    'state.supplement-requested': 'Supplement requested',
    'state.not-accepted': 'Not accepted',
    'state.accepted': 'Accepted',
    'state.under-review': 'Under review',
    'state.awaiting-payment': 'Awaiting payment',
    'state.approved': 'Approved',
    'state.refused': 'Refused',
    'state.issued': 'Issued',
    'state.delivered': 'Sent by express',
    'state.closed': 'Closed',
    'state.withdrawn': 'Withdrawn',
    'action.file': 'Filed',
    'action.submit': 'Submit',
    'action.start-pre-review': 'Start pre-review',
    'action.accept': 'Accept',
    'action.accept-tolerant': 'Accept tolerantly',
    'action.request-supplement': 'Request a supplement',
    'action.resubmit': 'Resubmit',
    'action.not-accept': 'Do not accept',
    'action.start-review': 'Start the review',
    'action.approve': 'Approve',
    'action.refuse': 'Refuse',
    'action.record-payment': 'Record the payment',
    'action.issue': 'Issue',
    'action.deliver': 'Send by express',
    'action.collect': 'Collected at the window',
    'action.confirm-receipt': 'Confirm receipt',
    'action.withdraw': 'Withdraw the application',
    'action.send-originals': 'Originals sent',
    'action.receive-originals': 'Originals received',
    'action.upload-material': 'Material uploaded',
    'action.receive-material': 'Original received at the window',
    'action.done': (a, s) => `Done: "${a}". The case is now: ${s}.`,
    'action.confirm': (a) => `Confirm: ${a}`,
    'action.none': 'There is nothing for you to do on this case now.',
    'actions.h': 'Actions',
    'actions.group': 'Case actions',
    'f.follow_up_by': 'Missing materials follow by',
    'f.follow_up_by.hint': 'The missing non-key materials must be handed in by this day.',
    'f.missing': 'Materials to supplement',
    'f.note': 'Note (shown to the applicant)',
    'f.reason': 'Reason (shown to the applicant)',
    'f.payment': (y) => `Amount received (yuan; due: ${y})`,
    'f.payment.method': 'Paid by',
    'pay.cash': 'Cash',
    'pay.WeChat Pay': 'WeChat Pay',
    'pay.Alipay': 'Alipay',
    'pay.UnionPay': 'UnionPay',
    'f.carrier': 'Carrier',
    'carrier.EMS': 'China Post EMS',
    'carrier.SF': 'SF Express',
    'f.tracking': 'Tracking number',
    'f.commit': 'The applicant signed the notice-and-commitment',
    'f.withdraw.confirm': 'Withdrawing ends this application; you may apply again later.',
    'f.method': 'Sent by',
    'method.courier': 'Courier',
    'method.internal mail': 'Internal mail',
    'case.number': 'Case number',
    'case.matter': 'Matter',
    'case.applicant': 'Applicant',
    'case.state': 'State',
    'case.channel': 'Channel',
    'channel.online': 'Online',
    'channel.window': 'Window',
    'channel.service-point': 'Service point',
    'channel.terminal': 'Self-service terminal',
    'case.received': 'Received at',
    'case.competent': 'Decided by',
    'case.filed': 'Filed',
    'case.fee': 'Fee',
    'case.paid': (y) => `${y} yuan paid`,
    'case.deadline': 'Time limit',
    'case.promised_due': 'Promised by',
    'case.legal_due': 'Legal deadline',
    'case.left': 'Working days left',
    'case.clock': 'Clock',
    'case.follow_up_by': 'Outstanding materials due',
    'case.paused_days': 'Working days paused',
    'case.not-accepted-yet': (n) => `${n} working day${n === 1 ? '' : 's'} from acceptance`,
    'clock.none': 'Not started (starts at acceptance)',
    'clock.running': 'Running',
    'clock.paused': 'Paused (waiting for the applicant)',
    'clock.stopped': 'Stopped',
    'days.left': (n) => (n > 0 ? `${n} working day${n === 1 ? '' : 's'} left` : n === 0 ? 'Due today' : `Overdue by ${-n} working day${n === -1 ? '' : 's'}`),
    'days.none': '—',
    'case.open': 'Open the case',
    'case.h.materials': 'Materials',
    'case.h.timeline': 'Timeline',
    'case.h.circulation': 'Material circulation',
    'case.h.licence': 'Electronic licence',
    'case.h.facts': 'About the case',
    'mat.status.needed': 'Missing',
    'mat.status.satisfied': 'Satisfied',
    'mat.status.outstanding': 'Outstanding (tolerated)',
    'mat.status.received': 'Original received',
    'mat.way.upload': 'Provided by the applicant',
    'mat.way.licence': 'Electronic licence',
    'mat.way.shared': 'Data sharing',
    'mat.way.commitment': 'Notice-and-commitment',
    'mat.key.short': 'Key material',
    'mat.reason': 'Why',
    'mat.upload.label': (n) => `Upload "${n}" (PDF, JPEG or PNG)`,
    'mat.upload.button': 'Upload',
    'mat.upload.busy': 'Uploading…',
    'mat.uploaded': (n) => `"${n}" is uploaded.`,
    'mat.uploaded.file': (type, kb) => `File uploaded: ${type}, ${kb} KB`,
    'mat.received.button': (n) => `Record the original of "${n}" received`,
    'mat.received.done': (n) => `The original of "${n}" is recorded as received.`,
    'ev.by': (role, by) => `${role}${by ? ` ${by}` : ''}`,
    'ev.place': 'Place',
    'ev.online': 'Online',
    'ev.note': 'Note',
    'ev.data.commitments_signed': 'Commitment signed',
    'ev.data.follow_up_by': 'Outstanding materials due',
    'ev.data.missing': 'Materials asked for',
    'ev.data.reason': 'Reason',
    'ev.data.routed_to': 'Routed to',
    'ev.data.payment_fen': 'Amount paid',
    'ev.data.payment_method': 'Paid by',
    'ev.data.carrier': 'Carrier',
    'ev.data.tracking': 'Tracking',
    'ev.data.licence_number': 'Licence number',
    'ev.data.method': 'Sent by',
    'ev.data.kind': 'Material',
    'ev.data.size': 'Size',
    'circ.route': (a, b) => `${a} → ${b}`,
    'circ.waiting': 'Originals waiting to be sent',
    'circ.sent': (t, m, no) => `Sent (${t}, ${m}, tracking ${no})`,
    'circ.received': (t) => `Received (${t})`,
    'circ.send': 'Send the originals',
    'circ.receive': 'Confirm the originals received',
    'circ.sent.done': 'The originals are sent.',
    'circ.received.done': 'The originals are received; the review may start.',
    'circ.none': 'The receiving center decides this case: no originals travel.',
    'lic.kind': 'Kind',
    'lic.number': 'Number',
    'lic.holder': 'Holder',
    'lic.department': 'Issued by',
    'lic.issued_on': 'Issued on',
    'lic.valid_until': 'Valid until',
    'lic.forever': 'No expiry',
    'lic.status': 'Status',
    'lic.status.valid': 'Valid',
    'lic.status.expired': 'Expired',
    'lic.status.revoked': 'Revoked',
    'lic.verify': 'Verify this licence',
    'lic.qr': (no) => `QR code to verify licence ${no}`,
    'title.desk': 'Comprehensive window · Tongban',
    'desk.h1': 'Comprehensive window',
    'desk.intro': 'One window for every line of business: find the applicant, choose the matter, file it at this center, check the materials and move the case on.',
    'desk.center': 'This window\'s center',
    'desk.find.h': '1. Find the applicant',
    'desk.id': 'Applicant\'s resident ID number',
    'desk.id.hint': '18 characters, the last one may be X. The look-up is written to the audit log.',
    'desk.purpose': 'Purpose (written to the audit log)',
    'desk.purpose.default': '窗口受理 / filing at the window',
    'desk.find': 'Find',
    'desk.applicant.found': (n) => `Applicant found: ${n}`,
    'desk.matter.h': '2. Choose the matter and file the case',
    'desk.matter.q': 'Search matters',
    'desk.matter.search': 'Search',
    'desk.matter.results': 'Choose a matter',
    'desk.matter.count': (n) => (n === 0 ? 'No matter found.' : `${n} matter${n === 1 ? '' : 's'} found.`),
    'desk.commit': 'The applicant signed this matter\'s notice-and-commitment (if any)',
    'desk.file': 'File the case',
    'desk.filed': (no) => `Case ${no} is filed.`,
    'desk.open.h': 'Open a case',
    'desk.open.number': 'Case number',
    'desk.open.button': 'Open',
    'desk.recent': 'Recent cases of this center',
    'desk.recent.none': 'This center has no case yet.',
    'desk.case.h': (no) => `Case ${no}`,
    'desk.receipt': 'Print the receipt',
    'desk.new': 'Next applicant',
    'receipt.h1': 'Acceptance receipt',
    'receipt.center': 'Received at',
    'receipt.date': 'Date',
    'receipt.materials': 'Materials received',
    'receipt.materials.none': 'None',
    'receipt.deadline': 'Promised deadline',
    'receipt.print': 'Print',
    'receipt.back': 'Back to the window',
    'receipt.note': 'Keep this receipt: the case number lets you follow the case.',
    'title.review': 'Review queue · Tongban',
    'review.h1': 'Review queue',
    'review.intro': 'The back office decides by department: your department\'s accepted cases and those under review. A review starts once the originals have reached the deciding center.',
    'review.accepted': 'To review (accepted)',
    'review.under': 'Under review',
    'review.none': 'No case.',
    'review.count': (n) => `${n} case${n === 1 ? '' : 's'}`,
    'review.back': 'Back to the queue',
    'list.number': 'Case number',
    'list.matter': 'Matter',
    'list.applicant': 'Applicant',
    'list.state': 'State',
    'list.due': 'Promised by',
    'list.left': 'Working days left',
    'list.center': 'Received / decided at',
    'list.filed': 'Filed',
    'title.manage': 'Case management · Tongban',
    'manage.h1': 'Case management',
    'manage.intro': 'Cases due soon and overdue, and a search over the cases within your scope.',
    'manage.soon': 'Due soon (within two working days)',
    'manage.overdue': 'Overdue',
    'manage.search': 'Search cases',
    'manage.number': 'Case number',
    'manage.applicant': 'Applicant\'s ID number or credit code',
    'manage.matter': 'Matter code',
    'manage.state': 'State',
    'manage.state.any': 'Any state',
    'manage.from': 'Filed from',
    'manage.to': 'Filed until',
    'manage.button': 'Search',
    'manage.results': 'Results',
    'manage.count': (total, from, to) => (total === 0 ? 'No case matches.' : `${total} case${total === 1 ? '' : 's'}, showing ${from}–${to}.`),
    'manage.purpose': 'search by applicant (audited)',
    'title.mycases': 'My cases · Tongban',
    'mycases.h1': 'My cases',
    'mycases.intro': 'Follow your cases, hand in missing materials and find the resulting licences.',
    'mycases.none': 'You have no case yet.',
    'mycases.count': (n) => `${n} case${n === 1 ? '' : 's'}`,
    'notices.h': 'Notices',
    'notices.unread': (n) => (n === 0 ? 'No unread notice.' : `${n} unread notice${n === 1 ? '' : 's'}`),
    'notices.none': 'No notice.',
    'notices.read': 'Mark as read',
    'notices.read.label': (d) => ` (the notice of ${d})`,
    'notices.new': 'Unread',
    'notices.case': 'See the case',
    'title.licences': 'My licences · Tongban',
    'licences.h1': 'My electronic licences',
    'licences.intro': 'The licences the licence library holds for you, and those your cases issued. Services use them directly, so no paper needs to be handed over.',
    'licences.none': 'You hold no electronic licence yet.',
    'title.verify': 'Verify a licence · Tongban',
    'verify.h1': 'Verify an electronic licence',
    'verify.intro': 'Enter the verification code printed on the licence, or scan its QR code, to check that it is genuine and still valid.',
    'verify.code': 'Verification code (20 characters)',
    'verify.button': 'Verify',
    'verify.genuine': 'A genuine electronic licence on record',
    'verify.genuine.h': (s) => `Genuine licence, status: ${s}`,
    'verify.fake': 'No licence has this verification code: it is not genuine, or the code was mistyped.',
    'verify.bad': 'This is not a verification code: it has 20 digits and capital letters.',
    'verify.revoked_at': 'Revoked at',
    'role.applicant': 'Applicant',
    'sep': ': ',
    'paren': (x) => ` (${x})`,
    'err.bad_code': 'This is not a verification code: it has 20 digits and capital letters.',
    'err.applicant_not_found': 'No registered applicant has this ID number (or it is outside your scope).',
    // ---- the in-person queue
    'nav.appointments': 'Appointments',
    'nav.counter': 'Calling',
    'nav.stats': 'Queue statistics',
    'tstatus.waiting': 'Waiting',
    'tstatus.called': 'Called',
    'tstatus.serving': 'Being served',
    'tstatus.done': 'Done',
    'tstatus.no-show': 'Missed (no-show)',
    'q.center': 'Center',
    'q.group': 'Window group',
    'q.label': 'Number',
    'q.status': 'Status',
    'q.window': (n) => `Window ${n}`,
    'q.call': (label, n) => `Number ${label}, please go to window ${n}`,
    'q.go': (n) => `Please go to window ${n}`,
    'q.ahead': (n) => (n === 0 ? 'Nobody is ahead of you' : `${n} ${n === 1 ? 'person is' : 'people are'} ahead of you`),
    'q.wait': (m) => `Estimated wait: about ${m} min`,
    'q.waiting.n': (n) => `${n} waiting`,
    'q.open.n': (n) => `${n} window${n === 1 ? '' : 's'} open`,
    'q.live': 'Live',
    'q.reconnecting': 'Connection lost, reconnecting…',
    'q.missing.center': 'The link does not name a center.',
    'q.qr': (label) => `QR code of number ${label}: scan it with a phone to follow the queue`,
    'q.arrived': 'Taken at',
    'q.called_at': 'Called at',
    'q.recalls': 'Recalls',
    'q.priority': 'Priority',
    'q.source.appointment': 'Appointment',
    'prio.elderly': 'Aged 70 or over',
    'prio.disabled': 'Disability',
    'prio.pregnant': 'Pregnancy',
    'q.minutes': (m) => `${m} min`,
    'err.busy': 'The system is busy. Please try again.',
    'err.missing_center': 'The link does not name a center, e.g. board.html?center=JA12.',
    'err.ticket_link': 'The link is incomplete: it lacks the ticket or its code. Scan the QR code on your ticket.',
    'title.board': 'Display board · Tongban',
    'board.h1': 'Display board',
    'board.now': 'Now calling',
    'board.recent': 'Recent calls',
    'board.none': 'No number called yet',
    'board.groups': 'Waiting',
    'board.col.group': 'Window group',
    'board.col.waiting': 'Waiting',
    'board.col.open': 'Open windows',
    'board.clock': 'Time now',
    'board.hint': 'Take a ticket at the self-service terminal; scan its QR code to follow the queue on your phone.',
    'title.ticket': 'Queue ticket · Tongban',
    'ticket.h1': 'Your place in the queue',
    'ticket.missing': 'The link is incomplete: it lacks the ticket or its code. Scan the QR code on your ticket.',
    'ticket.keep': 'Keep this page open: it updates itself when your number is called.',
    'ticket.done': 'Done. Thank you for waiting.',
    'ticket.noshow': 'Your number was missed. Take a new ticket if you still need the service.',
    'ticket.serving': (n) => `Being served at window ${n}`,
    'ticket.link': 'Open the queue status page',
    'title.take': 'Take a ticket · Tongban',
    'take.h1': 'Take a queue ticket',
    'take.intro': 'Choose a window group, or search for the matter you come for, and take a ticket.',
    'take.prio.legend': 'Priority service (optional)',
    'take.prio': 'Priority group',
    'take.prio.none': 'None',
    'take.id': 'Resident ID number (only checks the priority, never stored)',
    'take.id.hint': 'Residents aged 70 or over, or holding a disability certificate, are called first. Pregnant visitors: please ask at a window.',
    'take.groups.h': 'By window group',
    'take.groups.hint': 'Press a window group to take a ticket.',
    'take.matter.h': 'By matter',
    'take.matter.hint': 'Search, then press the matter you come for: the ticket joins the right windows.',
    'take.matter.q': 'Search matters',
    'take.matter.search': 'Search',
    'take.ticket.h': 'Your number',
    'take.taken': (label) => `Ticket taken: ${label}.`,
    'take.scan': 'Scan the QR code with your phone to follow the queue.',
    'take.again': 'Done — next visitor',
    'take.busy': 'Taking a ticket…',
    'err.priority_not_proven': 'The priority could not be proven: aged 70 or over, give your own ID number; a disability needs a valid disability certificate in the licence library; pregnant visitors get their ticket from a clerk at a window. You may also take a ticket without a priority.',
    'title.counter': 'Calling · Tongban',
    'counter.h1': 'Calling at the window',
    'counter.intro': 'Choose your window, open it, and call the next visitor. File a case for the visitor on the comprehensive window page.',
    'counter.center': 'Center',
    'counter.window.h': 'My window',
    'counter.window': 'Window',
    'counter.window.option': (n, g, st) => `Window ${n} · group ${g} · ${st}`,
    'wstatus.open': 'open',
    'wstatus.closed': 'closed',
    'counter.by': (name) => `by ${name}`,
    'counter.open': 'Open the window',
    'counter.close': 'Close the window',
    'counter.callnext': 'Call next',
    'counter.opened': (n) => `Window ${n} is open.`,
    'counter.closed': (n) => `Window ${n} is closed.`,
    'counter.called': (label, n) => `Called: number ${label} to window ${n}.`,
    'counter.ticket.h': 'Current ticket',
    'counter.none': 'No ticket at this window now.',
    'counter.unknown': (label) => `Ticket ${label} at this window was called from another device: carry on there.`,
    'counter.transfer.to': 'Transfer to group',
    'counter.case': 'Case number or case id',
    'counter.case.hint': 'e.g. JA12-20261122-0001, shown once the case is filed at the window.',
    'counter.desk': 'File a case for this visitor',
    'counter.waiting.h': 'Waiting by group',
    'counter.windows.h': 'Windows of this center',
    'counter.col.window': 'Window',
    'counter.col.group': 'Group',
    'counter.col.status': 'Status',
    'counter.col.clerk': 'Clerk',
    'counter.col.ticket': 'Ticket',
    'counter.linked': (n) => `Case ${n} linked`,
    'tact.recall': 'Recall',
    'tact.skip': 'Skip (no-show)',
    'tact.start': 'Start',
    'tact.finish': 'Finish',
    'tact.transfer': 'Transfer',
    'tact.link': 'Link the case',
    'tact.done': (label, a, st) => `${label}: ${a} done, status: ${st}.`,
    'err.queue_empty': 'Nobody of this window group is waiting.',
    'err.recall_first': 'Recall the number the set number of times (2 by default) before skipping it as a no-show.',
    'err.recalls_used': 'The number was recalled the most times allowed: skip it.',
    'err.window_taken': 'Another clerk has this window open.',
    'err.window_busy': 'A number is still called to or served at this window: finish, skip or transfer it first.',
    'err.window_closed': 'Open the window first (it is closed, or another clerk has it open).',
    'err.ticket_conflict': 'The ticket changed meanwhile. It has been reloaded: check it and try again.',
    'err.ticket_wrong_state': 'The ticket\'s status does not allow this (or another window called it). It has been reloaded.',
    'err.no_window': 'Choose a window first.',
    'title.appointments': 'Appointments · Tongban',
    'appt.h1': 'Book an appointment',
    'appt.intro': 'Book a time at a community affairs center. Check in when you arrive and you are called first ("booked online, received first").',
    'appt.find.h': 'Choose a center and a day',
    'appt.district': 'District',
    'appt.center': 'Center',
    'appt.date': 'Day',
    'appt.date.hint': 'From today to 30 days ahead.',
    'appt.group': 'Window group',
    'appt.group.all': 'All groups',
    'appt.show': 'Show the slots',
    'appt.slots.h': 'Slots',
    'appt.slots.count': (day) => `Slots of ${day}:`,
    'appt.slots.none': 'The center is closed that day: no slot.',
    'appt.slot.left': (a, c) => `${a} of ${c} left`,
    'appt.slot.full': 'Full',
    'appt.slot.past': 'Begun, closed',
    'appt.group.h': (name, code, cap) => `${name} (group ${code}, ${cap} a slot)`,
    'appt.book': 'Book the chosen slot',
    'appt.booked': (day, time, code) => `Booked: ${day} ${time}, confirmation code ${code}.`,
    'appt.signin': 'Sign in to book and to see your appointments.',
    'appt.staff': 'Staff accounts do not book.',
    'appt.mine.h': 'My appointments',
    'appt.mine.none': 'You have no appointment.',
    'appt.code': 'Confirmation code',
    'appt.when': 'When',
    'appt.status': 'Status',
    'appt.status.booked': 'Booked',
    'appt.status.cancelled': 'Cancelled',
    'appt.status.checked-in': 'Checked in',
    'appt.reschedule': 'Reschedule',
    'appt.reschedule.date': 'New day',
    'appt.reschedule.time': 'New time',
    'appt.reschedule.none': 'No free slot that day.',
    'appt.reschedule.confirm': 'Confirm the new time',
    'appt.rescheduled': (day, time) => `Moved to ${day} ${time}; the code stays the same.`,
    'appt.cancel': 'Cancel the appointment',
    'appt.cancelled': 'The appointment is cancelled.',
    'appt.checkin': 'Check in',
    'appt.checkin.hint': 'Check in at the center from 15 minutes before the slot to 15 minutes after its start.',
    'appt.checkedin': (label) => `Checked in: your number is ${label}, called first.`,
    'appt.ticket': 'Follow the ticket',
    'appt.for': (day, time) => ` (${day} ${time})`,
    'err.no_slot': 'Choose a slot first.',
    'err.slot_full': 'This slot is full: choose another.',
    'err.already_booked': 'You have booked this slot already.',
    'err.in_the_past': 'This slot has begun or passed.',
    'err.too_far_ahead': 'Slots can be booked at most 30 days ahead.',
    'err.outside_hours': 'The center is not open for this slot.',
    'err.daily_limit': 'At most 2 appointments a day.',
    'err.booking_suspended': 'Three missed appointments within 30 days: online booking is suspended.',
    'err.too_early': 'Too early to check in: check in from 15 minutes before the slot.',
    'err.too_late': 'Check-in closed 15 minutes after the start: please take a ticket at the center.',
    'err.appt_wrong_state': 'This appointment is cancelled or checked in already. It has been reloaded.',
    'title.stats': 'Queue statistics · Tongban',
    'stats.h1': 'Queue statistics and window planning',
    'stats.intro': 'A center\'s tickets, waits and service on a day, and how many windows to open each hour for the arrivals you expect.',
    'stats.center': 'Center code',
    'stats.date': 'Day',
    'stats.show': 'Show',
    'stats.figures': (day) => `Figures of ${day}`,
    'stats.tickets': 'Tickets taken',
    'stats.called': 'Called',
    'stats.served': 'Served',
    'stats.mean_wait': 'Mean wait',
    'stats.p90_wait': '90% waited at most',
    'stats.mean_service': 'Mean service time',
    'stats.no_shows': 'No-shows',
    'stats.missed': 'Missed appointments',
    'stats.busiest': 'Busiest hour',
    'stats.people': (n) => `${n} ${n === 1 ? 'person' : 'people'}`,
    'stats.chart.h': 'Arrivals by hour',
    'stats.chart.title': (day) => `Bar chart of arrivals by hour, ${day}`,
    'stats.chart.desc': (total, hour, n) => (total === 0 ? 'Nobody took a ticket that day.' : `${total} ticket${total === 1 ? '' : 's'} taken; the busiest hour was ${hour}, with ${n}.`),
    'stats.table': 'Arrivals by hour as a table',
    'stats.hour': 'Hour',
    'stats.arrivals': 'Arrivals',
    'stats.plan.h': 'Window planner',
    'stats.plan.intro': 'Give the expected arrivals per hour and the service-time distribution (JSON) to find how many windows to open each hour so that the quantile of the wait stays under the target: Erlang C hour by hour, checked by simulating the whole day.',
    'stats.plan.input': 'Planner input (JSON)',
    'stats.plan.hint': 'The example is a 1,788-visitor weekday at Pengpu Xincun: arrivals per hour from opening, service time in minutes, the target wait, its quantile, and the windows the center has.',
    'stats.plan.run': 'Run the planner',
    'stats.plan.busy': 'Planning…',
    'stats.plan.reset': 'Restore the example',
    'stats.plan.result': 'Recommendation',
    'stats.plan.met': (q, target) => `Every hour meets the target: ${q} of visitors wait at most ${target} min.`,
    'stats.plan.notmet': (max) => `Even ${max} windows cannot meet the target in every hour: see the hours marked "missed".`,
    'stats.plan.caption': 'Windows to open each hour',
    'stats.plan.col.hour': 'Hour',
    'stats.plan.col.arrivals': 'Expected arrivals',
    'stats.plan.col.erlang': 'Erlang C',
    'stats.plan.col.windows': 'Recommended windows',
    'stats.plan.col.mean': 'Mean wait (min)',
    'stats.plan.col.q': (p) => `${p} wait (min)`,
    'stats.plan.col.util': 'Utilisation',
    'stats.plan.over': 'missed',
    'stats.plan.total': 'Total (window-hours)',
    'stats.plan.day': (wh, mean, qv, max) => `The recommended plan takes ${wh} window-hours; simulated mean wait ${mean} min, quantile wait ${qv} min, longest ${max} min.`,
    'err.bad_json': 'The planner input is not valid JSON.',
    'day': (y, m, d, w) => `${w} ${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]} ${y}`,
  },
};

// ---- language -------------------------------------------------------

export function lang() {
  let l = null;
  try { l = localStorage.getItem(LANG_KEY); } catch { /* storage blocked */ }
  return l === 'en' ? 'en' : 'zh';
}

export function t(key, ...args) {
  const v = dict[lang()][key] ?? dict.zh[key];
  if (v === undefined) return key;
  return typeof v === 'function' ? v(...args) : v;
}

// The field of a record in the current language: pick(m, 'name') is
// m.name_en in English (falling back to the Chinese when missing).
export function pick(obj, base) {
  if (!obj) return '';
  const zh = obj[`${base}_zh`], en = obj[`${base}_en`];
  return lang() === 'en' ? (en ?? zh ?? '') : (zh ?? en ?? '');
}

const langListeners = [];
export function onLanguageChange(fn) { langListeners.push(fn); }

export function setLanguage(l) {
  try { localStorage.setItem(LANG_KEY, l); } catch { /* storage blocked */ }
  applyLanguage();
  for (const fn of langListeners) fn(l);
}

// Fills every element that names a dictionary key.
export function applyI18n(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
}

function applyLanguage() {
  document.documentElement.lang = lang() === 'en' ? 'en' : 'zh-CN';
  applyI18n();
  renderHeader();
  renderFooter();
}

// ---- DOM helpers ----------------------------------------------------

// h('a', { href: 'x', class: 'y' }, 'text', child...) - never innerHTML
// with data, so nothing from the API is parsed as markup.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.setAttribute('class', v);
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// A "示例数据 / sample data" mark for a made-up field.
export function sampleMark() {
  return h('span', { class: 'sample' }, t('sample.long'));
}

export function yesNo(v) { return v ? t('yes') : t('no'); }

export function feeText(fen) {
  if (!fen) return t('fee.free');
  return t('fee.yuan', (fen / 100).toFixed(2));
}

// "2026-11-24T08:30:00+08:00" (the API always answers in Shanghai time)
// as "11月24日（周二）08:30" / "Tue 24 Nov 08:30".
export function formatShanghai(rfc3339) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(rfc3339 || '');
  if (!m) return rfc3339 || '';
  const [, y, mo, d, hh, mm] = m.map((x, i) => (i >= 1 && i <= 3 ? Number(x) : x));
  const wd = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  return t('date', y, mo, d, t('weekday')[wd], `${hh}:${mm}`);
}

// "2026-11-27" as "2026年11月27日（周五）" / "Fri 27 Nov 2026".
export function formatDay(day) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day || '');
  if (!m) return day || '';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const wd = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  return t('day', y, mo, d, t('weekday')[wd]);
}

// ---- API ------------------------------------------------------------

export class ApiError extends Error {
  // `data`: the whole error object of the answer, with the members some
  // errors add (a case's `state` and `version`, `competent_centers`).
  constructor(status, code, message, field, data = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.data = data;
  }
}

export function csrfToken() {
  try { return sessionStorage.getItem(CSRF_KEY); } catch { return null; }
}

function remember(csrf, expiresAt) {
  try {
    if (csrf) sessionStorage.setItem(CSRF_KEY, csrf);
    if (expiresAt) localStorage.setItem(SIGNED_IN_KEY, '1');
  } catch { /* storage blocked */ }
}

function forget() {
  try {
    sessionStorage.removeItem(CSRF_KEY);
    localStorage.removeItem(SIGNED_IN_KEY);
  } catch { /* storage blocked */ }
}

// `raw` sends a Blob or File as it is, with `type` as its Content-Type
// (uploads); `body` is sent as JSON.
async function request(path, { method = 'GET', body, query, raw, type } = {}) {
  const headers = { Accept: 'application/json' };
  let url = `/api/v1${path}`;
  if (query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, v);
    const str = qs.toString();
    if (str) url += `?${str}`;
  }
  if (raw !== undefined) headers['Content-Type'] = type || 'application/octet-stream';
  else if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const tok = csrfToken();
    if (tok) headers['X-CSRF-Token'] = tok;
  }
  let res;
  try {
    res = await fetch(url, {
      method, headers, credentials: 'same-origin',
      body: raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', String(e && e.message ? e.message : e), null);
  }
  const text = await res.text();
  let data = null;
  if (text) { try { data = JSON.parse(text); } catch { /* not JSON */ } }
  if (!res.ok) {
    const err = data && data.error ? data.error : {};
    throw new ApiError(res.status, err.code || (res.status >= 500 ? 'server' : `http_${res.status}`),
      err.message || res.statusText, err.field || null, data && data.error ? data.error : null);
  }
  return data;
}

export async function api(path, opts = {}) {
  try {
    return await request(path, opts);
  } catch (e) {
    // A cookie session whose CSRF token this tab does not know (another
    // tab signed in): GET /me hands it over, then try once more.
    if (e instanceof ApiError && e.code === 'csrf' && (opts.method || 'GET') !== 'GET') {
      const me = await request('/me').catch(() => null);
      if (me && me.csrf_token) {
        remember(me.csrf_token);
        return request(path, opts);
      }
    }
    throw e;
  }
}

// ---- session --------------------------------------------------------

let current = null;	// the GET /me profile, or null

export function currentAccount() { return current; }

function mayBeSignedIn() {
  try {
    return localStorage.getItem(SIGNED_IN_KEY) === '1';
  } catch { return false; }
}

// GET /api/v1/me, but only when this browser signed in (an anonymous
// visitor would only get a 401).
export async function loadAccount() {
  if (!mayBeSignedIn()) { current = null; renderHeader(); return null; }
  try {
    current = await api('/me');
    if (current.csrf_token) remember(current.csrf_token);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) forget();
    current = null;
  }
  renderHeader();
  return current;
}

export async function signIn(login, password) {
  const r = await api('/session', { method: 'POST', body: { login, password } });
  remember(r.csrf_token, r.expires_at);
  return loadAccount();
}

export async function signOut() {
  try {
    await api('/session', { method: 'DELETE' });
  } catch (e) {
    // 401: the session had already ended; anything else: still signed in.
    if (!(e instanceof ApiError && e.status === 401)) throw e;
  }
  forget();
  current = null;
  renderHeader();
}

// ---- errors ---------------------------------------------------------

// Shows an API error in `region` (an element with role="alert") and marks
// the form field the API names, if `form` has it.
export function showError(region, err, form) {
  clearError(region, form);
  const code = err instanceof ApiError ? err.code : 'network';
  const known = dict[lang()][`err.${code}`] !== undefined;
  const lines = [h('strong', {}, t('err.title') + (lang() === 'en' ? ': ' : '：'))];
  lines.push(known ? t(`err.${code}`) : (err.message || String(err)));
  const p = h('p', {}, ...lines);
  region.append(p);
  if (known && err.message && err.code !== 'network') {
    region.append(h('p', { class: 'err-detail' }, `${t('err.detail')}: `, h('span', { lang: 'en' }, err.message)));
  }
  if (form && err && err.field) {
    const field = form.elements.namedItem(err.field);
    if (field && field.setAttribute) {
      field.setAttribute('aria-invalid', 'true');
      field.setAttribute('aria-describedby', [field.getAttribute('aria-describedby'), region.id].filter(Boolean).join(' '));
      field.focus();
    }
  }
}

export function clearError(region, form) {
  // The region stays in the page (empty and collapsed by the style sheet)
  // so that screen readers announce what is put into it.
  region.replaceChildren();
  if (form) {
    for (const el of form.querySelectorAll('[aria-invalid]')) {
      el.removeAttribute('aria-invalid');
      const d = (el.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== region.id);
      if (d.length) el.setAttribute('aria-describedby', d.join(' ')); else el.removeAttribute('aria-describedby');
    }
  }
}

// ---- header and footer ----------------------------------------------

let activePage = '';

function renderHeader() {
  const header = document.querySelector('header.site-header');
  if (!header) return;
  const link = (page, href, key) => h('li', {},
    h('a', { href, 'aria-current': page === activePage ? 'page' : null }, t(key)));
  const signinLabel = current ? current.name : t('nav.signin');
  // The pages of the signed-in account's role.
  const role = current ? current.role : null;
  const work = [];
  if (role === 'resident' || role === 'enterprise') {
    work.push(link('mycases', 'mycases.html', 'nav.mycases'), link('licences', 'licences.html', 'nav.licences'));
  }
  // Appointments: residents and enterprises book; anyone may look at the slots.
  if (!role || role === 'resident' || role === 'enterprise') work.push(link('appointments', 'appointments.html', 'nav.appointments'));
  if (role === 'clerk' || role === 'manager') work.push(link('desk', 'desk.html', 'nav.desk'), link('counter', 'counter.html', 'nav.counter'));
  if (role === 'reviewer') work.push(link('review', 'review.html', 'nav.review'));
  if (role === 'manager' || role === 'district_admin' || role === 'city_admin') work.push(link('manage', 'manage.html', 'nav.manage'));
  if (role === 'manager' || role === 'district_admin' || role === 'city_admin') work.push(link('stats', 'stats.html', 'nav.stats'));
  const nav = h('nav', { class: 'site-nav', 'aria-label': t('nav.label') },
    h('ul', {},
      link('home', 'index.html', 'nav.home'),
      link('centers', 'centers.html', 'nav.centers'),
      ...work,
      h('li', {}, h('a', {
        href: 'signin.html', 'aria-current': activePage === 'signin' ? 'page' : null,
        class: current ? 'account-link' : null, id: 'nav-account',
      }, current ? h('span', { class: 'visually-hidden' }, `${t('nav.account')}: `) : null, signinLabel))));
  const langs = h('div', { class: 'lang-switch', role: 'group', 'aria-label': t('lang.label') },
    h('button', { type: 'button', lang: 'zh-CN', 'aria-pressed': lang() === 'zh' ? 'true' : 'false', onclick: () => setLanguage('zh') }, '中文'),
    h('button', { type: 'button', lang: 'en', 'aria-pressed': lang() === 'en' ? 'true' : 'false', onclick: () => setLanguage('en') }, 'English'));
  const brand = h('a', { class: 'brand', href: 'index.html' },
    h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '通'),
    h('span', { class: 'brand-text' }, h('span', { class: 'brand-name' }, t('site.name')), h('span', { class: 'brand-tagline' }, t('site.tagline'))));
  // Keep focus on the language button the user pressed.
  const focused = document.activeElement && header.contains(document.activeElement)
    ? document.activeElement.getAttribute('lang') : null;
  header.replaceChildren(h('div', { class: 'wrap header-inner' }, brand, nav, langs));
  if (focused) {
    const b = header.querySelector(`.lang-switch button[lang="${focused}"]`);
    if (b) b.focus();
  }
}

function renderFooter() {
  const footer = document.querySelector('footer.site-footer');
  if (!footer) return;
  footer.replaceChildren(h('div', { class: 'wrap' },
    h('p', {}, t('footer.demo')), h('p', {}, t('footer.data')),
    h('p', {}, h('a', { href: 'verify.html', 'aria-current': activePage === 'verify' ? 'page' : null }, t('footer.verify')))));
}

// Every page calls this first: language, header, footer, session.
export function initPage(page) {
  activePage = page;
  applyLanguage();
  return loadAccount();
}
