// The page's own words, in Chinese (the default) and English. Diagnostics, explanations, statements and reports come
// from the service in the language chosen here.
export type Lang = "zh" | "en";

const words = {
  title: ["策略工作室", "Policy studio"],
  switchLanguage: ["English", "中文"],
  tokenPrompt: ["此服务需要访问令牌。请输入令牌：", "This service needs an access token. Enter it:"],
  tokenSubmit: ["进入", "Enter"],
  tokenRefused: ["令牌不被接受", "The token is not accepted"],
  policies: ["策略", "Policies"],
  version: ["版本", "Version"],
  publications: ["发布记录", "Publications"],
  noPublications: ["尚未发布", "Not published"],
  chooseAPolicy: ["从左侧选择一个策略开始编辑。草稿只保存在本页，发布之前不会写入策略目录或登记册。",
    "Choose a policy on the left. A draft lives in this page only: nothing reaches the policy directory or the registry until it is published."],
  format: ["格式化", "Format"],
  revert: ["还原", "Revert"],
  draftChanged: ["草稿（未发布）", "Draft (not published)"],
  draftSame: ["与服务中的版本相同", "Same as the served version"],
  problems: ["问题", "Problems"],
  tests: ["测试", "Tests"],
  tryEmployee: ["试算员工", "Try an employee"],
  impact: ["影响", "Impact"],
  publish: ["发布", "Publish"],
  noProblems: ["没有问题", "No problems"],
  errorsWarnings: ["{0} 个错误，{1} 个警告", "{0} errors, {1} warnings"],
  checking: ["检查中…", "Checking…"],
  quickFix: ["快速修复", "Quick fix"],
  runTests: ["运行测试", "Run the tests"],
  testsSummary: ["{0} 个通过，{1} 个失败", "{0} passed, {1} failed"],
  testsNotRun: ["草稿有错误，测试未运行", "The draft has errors; its tests were not run"],
  pass: ["通过", "PASS"],
  fail: ["失败", "FAIL"],
  expected: ["期望", "expected"],
  actual: ["实际", "actual"],
  output: ["输出", "Output"],
  coverage: ["覆盖：{0} 项中 {1} 项已达到；未达到的在行号旁标出", "Coverage: {1} of {0} reached; those never reached are marked beside the line numbers"],
  notReached: ["测试未达到：", "Never reached by the tests: "],
  period: ["考核周期", "Period"],
  fillExample: ["用测试用例「{0}」填入", "Fill in from test case “{0}”"],
  evaluate: ["试算", "Evaluate"],
  statement: ["员工报表", "Statement page"],
  defaultIs: ["默认 {0}", "default {0}"],
  required: ["必填", "required"],
  notGiven: ["（不填）", "(not given)"],
  addRow: ["添加一行", "Add a row"],
  removeRow: ["删除", "Remove"],
  listHint: ["用逗号分隔", "separated by commas"],
  explanation: ["计算过程", "Explanation"],
  caseTitle: ["测试用例标题", "Test case title"],
  saveAsTest: ["存为测试用例", "Save as a test case"],
  savedAsTest: ["已把「{0}」加入草稿（第 {1} 行）；运行测试即可看到它", "“{0}” added to the draft (line {1}); run the tests to see it"],
  notExpected: ["未写入期望的输出：{0}", "Outputs not expected: {0}"],
  fault: ["草稿在这些事实上出错：", "The draft fails on these facts: "],
  draftHasErrors: ["草稿有错误，先修正它们", "The draft has errors; fix them first"],
  teamFile: ["团队文件（CSV 或 xlsx，每行一名员工，列名与输入相同）", "Team file (CSV or xlsx, one employee a row, columns named like the inputs)"],
  orRecorded: ["或记录的考核周期", "or a recorded period"],
  diffRun: ["与服务中的版本比较", "Compare with the served version"],
  diffSummary: ["比较了 {0} 人，其中 {1} 人有变化", "{0} compared, {1} changed"],
  subject: ["员工", "Employee"],
  oldValue: ["原值", "Old"],
  newValue: ["新值", "New"],
  delta: ["变化", "Delta"],
  fullReport: ["完整报告（图表与明细）", "Full report (charts and table)"],
  effectiveFrom: ["生效日期", "Effective from"],
  message: ["发布说明", "Message"],
  publishButton: ["发布草稿", "Publish the draft"],
  publishNeeds: ["发布前：草稿须无错误，且其测试全部通过（先运行测试）。", "Before publishing: the draft must have no errors and its tests must pass (run them first)."],
  published: ["已发布：第 {0} 号发布，版本 {1}，自 {2} 起生效", "Published: publication {0}, version {1}, effective from {2}"],
  failed: ["失败：", "Failed: "],
  loading: ["加载中…", "Loading…"],
} satisfies Record<string, [string, string]>;

export type Word = keyof typeof words;

let current: Lang = (localStorage.getItem("studio.lang") as Lang | null) ?? "zh";

export const language = () => current;

export function setLanguage(lang: Lang) {
  current = lang;
  localStorage.setItem("studio.lang", lang);
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
}

export function t(word: Word, ...args: (string | number)[]): string {
  let text = words[word][current === "zh" ? 0 : 1];
  args.forEach((a, i) => { text = text.replace(`{${i}}`, String(a)); });
  return text;
}
