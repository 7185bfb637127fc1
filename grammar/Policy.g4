// The appraisal policy language. See LANGUAGE.md beside this file for the reference.
// The C# parser is generated from this file at build time (antlr-ng); never edit the output.
grammar Policy;

// ---------------------------------------------------------------------------------------------
// Files and declarations

file
    : header? declaration* EOF
    ;

header
    : POLICY name headerClause*          # policyHeader
    | LIBRARY name                       # libraryHeader
    ;

headerClause
    : VERSION (NUMBER | STRING)          # versionClause
    | PERIOD name                        # periodClause
    | EFFECTIVE DATE                     # effectiveClause
    ;

declaration
    : INCLUDE STRING                                                            # includeDecl
    | SOURCE STRING                                                             # sourceDecl
    | ENUM name '{' (name sep?)* '}'                                            # enumDecl
    | RECORD name '{' field* '}'                                                # recordDecl
    | INPUT '{' field* '}'                                                      # inputDecl
    | PARAM field paramValues?                                                  # paramDecl
    | CONSTRAINT name COLON expr STRING?                                          # constraintDecl
    | TABLE name LPAREN field (COMMA field)* RPAREN '->' typeRef hitPolicy? '{' tableRow* '}' # tableDecl
    | LET name (COLON typeRef)? '=' expr unlessClause*                            # letDecl
    | SCORECARD name OUT OF expr scorecardBound* '{' scorecardEntry* '}'        # scorecardDecl
    | GATE name (COLON expr | quantifier '{' condition* '}') (OTHERWISE STRING)?  # gateDecl
    | VETO name WHEN expr '{' assignment* '}' STRING?                           # vetoDecl
    | LEVELS name COLON typeRef (FROM expr)? (STEP expr)? '{' level* '}'          # levelsDecl
    | ESCALATION name COLON typeRef '{' escalationClause* '}'                     # escalationDecl
    | RANK name BY expr direction?                                              # rankDecl
    | DISTRIBUTE name COLON typeRef BY expr direction? RATIO share (COLON share)* TIES tieRule # distributeDecl
    | SELECT name BY expr extreme (WHERE expr)?                                 # selectDecl
    | OUTPUT name COLON typeRef roundClause? '=' expr unlessClause*               # outputDecl
    | TEST STRING '{' testClause* '}'                                           # testDecl
    ;

sep
    : COMMA | ';'
    ;

// `name: type in lo..hi = default "description"`; `name: optional type in lo..hi` may be left out (not given)
field
    : name COLON OPTIONAL? typeRef (IN expr RANGE expr)? ('=' expr)? STRING? sep?
    ;

typeRef
    : LIST OF typeRef                    # listType
    | PERIOD                             # periodType
    | COUNT                              # countType
    | unitName SLASH unitName            # ratioType
    | name                               # namedType
    ;

unitName
    : name | COUNT
    ;

// Dated values of a parameter: `{ 2026-01-01 => 2000 yuan  2026-07-01 => 2200 yuan }`
paramValues
    : '{' (DATE ARROW expr sep?)+ '}'
    ;

hitPolicy
    : FIRST                              # firstHit
    | UNIQUE                             # uniqueHit
    | COLLECT SUM                        # collectSumHit
    ;

tableRow
    : cell ('|' cell)* ARROW expr sep?   # ruleRow
    | ELSE ARROW expr sep?               # elseRow
    ;

cell
    : '-'                                # anyCell
    | test (COMMA test)*                   # testCell
    ;

test
    : compareOp expr                     # compareTest
    | expr RANGE open='<'? expr          # rangeTest
    | expr                               # equalTest
    ;

scorecardBound
    : FLOOR expr                         # scorecardFloor
    ;

scorecardEntry
    : ITEM name (WEIGHT expr)? MAX expr '=' expr bound* sep?   # itemEntry
    | DEDUCT name '=' expr bound* sep?                         # deductEntry
    | ADD name '=' expr bound* sep?                            # addEntry
    ;

bound
    : COMMA? FLOOR expr                    # floorBound
    | COMMA? CAP expr                      # capBound
    ;

quantifier
    : ALL | ANY
    ;

condition
    : (name COLON)? expr STRING? sep?
    ;

assignment
    : name '=' expr sep?
    ;

level
    : name '{' condition* '}'
    ;

escalationClause
    : START expr sep?                    # startClause
    | STEP expr WHEN expr sep?           # stepClause
    | CAP expr sep?                      # capClause
    | RESET WHEN expr sep?               # resetClause
    ;

direction
    : ASC | DESC
    ;

extreme
    : HIGHEST | LOWEST
    ;

share
    : name NUMBER
    ;

tieRule
    : HIGHER | LOWER
    ;

roundClause
    : ROUND expr name?
    ;

unlessClause
    : UNLESS expr ARROW expr
    ;

testClause
    : PERIOD periodLiteral sep?                      # testPeriod
    | HISTORY periodLiteral recordLiteral sep?       # testHistory
    | GIVEN STRING? recordLiteral sep?               # testGiven
    | EXPECT STRING? recordLiteral sep?              # testExpect
    | EXPECT STRING? VIOLATED name sep?              # testViolated
    ;

periodLiteral
    : PERIOD_LIT | NUMBER
    ;

// ---------------------------------------------------------------------------------------------
// Expressions, loosest binding last

expr
    : primary                                                   # primaryExpr
    | expr '.' memberName                                       # memberExpr
    | '-' expr                                                  # negateExpr
    | expr op=(STAR | SLASH) expr                               # multiplyExpr
    | expr EACH expr                                            # eachExpr
    | expr OF expr                                              # ofExpr
    | expr op=('+' | '-') expr                                  # addExpr
    | expr IN expr RANGE expr                                   # inRangeExpr
    | expr compareOp expr                                       # compareExpr
    | NOT expr                                                  # notExpr
    | expr AND expr                                             # andExpr
    | expr OR expr                                              # orExpr
    | IF expr THEN expr ELSE expr                               # ifExpr
    ;

primary
    : literal                                                   # literalPrimary
    | aggregate LPAREN name IN expr (WHERE expr)? (COLON expr)? RPAREN  # aggregatePrimary
    | callee LPAREN (expr (COMMA expr)*)? RPAREN                        # callPrimary
    | name                                                      # namePrimary
    | LPAREN expr RPAREN                                              # parenPrimary
    | recordLiteral                                             # recordPrimary
    | '[' (expr (COMMA expr)* COMMA?)? ']'                          # listPrimary
    ;

recordLiteral
    : '{' (name COLON expr sep?)* '}'
    ;

// `each(t in 工单 where … : …)` is the list of the selector's values (or of the items kept), one per item.
aggregate
    : SUM | COUNT | MIN | MAX | ANY | ALL | EACH
    ;

callee
    : name | MIN | MAX | ROUND | COUNT | SUM | FLOOR | GIVEN
    ;

memberName
    : name | MAX | MIN | COUNT | SUM
    ;

compareOp
    : '<' | '<=' | '>' | '>=' | '==' | '!=' | '≤' | '≥' | '≠'
    ;

literal
    : NUMBER                             # numberLiteral
    | MONEY                              # unitMoneyLiteral
    | POINTS                             # unitPointsLiteral
    | YUAN_SIGN NUMBER                   # moneyLiteral
    | PERCENT                            # percentLiteral
    | DURATION                           # durationLiteral
    | DATE                               # dateLiteral
    | PERIOD_LIT                         # periodLiteralExpr
    | STRING                             # stringLiteral
    | TRUE                               # trueLiteral
    | FALSE                              # falseLiteral
    ;

name
    : ID
    ;

// ---------------------------------------------------------------------------------------------
// Lexer

POLICY      : 'policy';
LIBRARY     : 'library';
VERSION     : 'version';
PERIOD      : 'period';
EFFECTIVE   : 'effective';
INCLUDE     : 'include';
SOURCE      : 'source';
ENUM        : 'enum';
RECORD      : 'record';
INPUT       : 'input';
PARAM       : 'param';
CONSTRAINT  : 'constraint';
TABLE       : 'table';
FIRST       : 'first';
UNIQUE      : 'unique';
COLLECT     : 'collect';
SUM         : 'sum';
LET         : 'let';
SCORECARD   : 'scorecard';
OUT         : 'out';
OF          : 'of';
ITEM        : 'item';
WEIGHT      : 'weight';
MAX         : 'max';
MIN         : 'min';
COUNT       : 'count';
DEDUCT      : 'deduct';
ADD         : 'add';
FLOOR       : 'floor';
CAP         : 'cap';
EACH        : 'each';
GATE        : 'gate';
ALL         : 'all';
ANY         : 'any';
OTHERWISE   : 'otherwise';
VETO        : 'veto';
WHEN        : 'when';
UNLESS      : 'unless';
LEVELS      : 'levels';
FROM        : 'from';
STEP        : 'step';
ESCALATION  : 'escalation';
START       : 'start';
RESET       : 'reset';
HISTORY     : 'history';
RANK        : 'rank';
BY          : 'by';
ASC         : 'asc';
DESC        : 'desc';
DISTRIBUTE  : 'distribute';
RATIO       : 'ratio';
TIES        : 'ties';
HIGHER      : 'higher';
LOWER       : 'lower';
SELECT      : 'select';
HIGHEST     : 'highest';
LOWEST      : 'lowest';
WHERE       : 'where';
OUTPUT      : 'output';
ROUND       : 'round';
TEST        : 'test';
GIVEN       : 'given';
EXPECT      : 'expect';
LIST        : 'list';
OPTIONAL    : 'optional';
VIOLATED    : 'violated';
IF          : 'if';
THEN        : 'then';
ELSE        : 'else';
AND         : 'and';
OR          : 'or';
NOT         : 'not';
IN          : 'in';
TRUE        : 'true';
FALSE       : 'false';

ARROW       : '=>';
// Full-width punctuation typed with a Chinese input method is accepted as well.
COLON       : ':' | '：';
COMMA       : ',' | '，';
LPAREN      : '(' | '（';
RPAREN      : ')' | '）';
RANGE       : '..';
STAR        : '*' | '×';
SLASH       : '/' | '÷';
YUAN_SIGN   : '¥' | '￥';

DATE        : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT;
PERIOD_LIT  : DIGIT DIGIT DIGIT DIGIT '-' ([Qq] [1-4] | [Hh] [12] | DIGIT DIGIT);
// Units are part of the number token (`1000 yuan`, `1000元`, `20 pts`, `20分`), so 分 and 元 stay free as names.
MONEY       : DECIMAL [ \t]* ('yuan' | '元');
POINTS      : DECIMAL [ \t]* ('pts' | '分');
DURATION    : DECIMAL ('h' | 'd' | 'min' | [ \t]* ('小时' | '天' | '分钟'));
// `3‰` is per mille: 0.3%.
PERCENT     : DECIMAL ('%' | '‰');
NUMBER      : DECIMAL;

STRING      : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"'
            | '“' (~[”\\\r\n] | '\\' ~[\r\n])* '”';
ID          : [\p{L}_] [\p{L}\p{N}_]*;

LINE_COMMENT  : '//' ~[\r\n]* -> channel(HIDDEN);
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN);
WS            : [ \t\r\n\u3000]+ -> channel(HIDDEN);

// Anything else is one bad character; the parser reports it with its location.
BAD_CHAR    : . ;

fragment DECIMAL : DIGIT+ ('.' DIGIT+)?;
fragment DIGIT   : [0-9];
