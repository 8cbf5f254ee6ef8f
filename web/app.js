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

// ---- API ------------------------------------------------------------

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
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

async function request(path, { method = 'GET', body, query } = {}) {
  const headers = { Accept: 'application/json' };
  let url = `/api/v1${path}`;
  if (query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, v);
    const str = qs.toString();
    if (str) url += `?${str}`;
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const tok = csrfToken();
    if (tok) headers['X-CSRF-Token'] = tok;
  }
  let res;
  try {
    res = await fetch(url, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
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
      err.message || res.statusText, err.field || null);
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
  const nav = h('nav', { class: 'site-nav', 'aria-label': t('nav.label') },
    h('ul', {},
      link('home', 'index.html', 'nav.home'),
      link('centers', 'centers.html', 'nav.centers'),
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
    h('p', {}, t('footer.demo')), h('p', {}, t('footer.data'))));
}

// Every page calls this first: language, header, footer, session.
export function initPage(page) {
  activePage = page;
  applyLanguage();
  return loadAccount();
}
