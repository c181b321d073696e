// Person names: MeCab tags plus context (honorifics, titles, labels, 私…は, katakana names,
// unknown given names, split names, later mentions).
#include <gmock/gmock.h>

#include "engine_fixture.hpp"

namespace redact::testing {
namespace {
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Contains;
using ::testing::Not;

TEST(Person, SurnameAndGivenNameInRunningText) {
  EXPECT_THAT(FindOf("person", "昨日、山田太郎が窓口に来た。"), ElementsAre("山田太郎"));
}

TEST(Person, HonorificIsNotPartOfTheName) {
  EXPECT_THAT(FindOf("person", "佐藤花子様からの請求"), ElementsAre("佐藤花子"));
  EXPECT_THAT(FindOf("person", "田中さんに連絡した"), ElementsAre("田中"));
}

TEST(Person, TitlesAfterASurname) {
  EXPECT_THAT(FindOf("person", "会議には高橋課長が出席した"), ElementsAre("高橋"));
  EXPECT_THAT(FindOf("person", "伊藤委員から質問があった"), ElementsAre("伊藤"));
}

TEST(Person, NameSplitByASpace) {
  EXPECT_THAT(FindOf("person", "申請者は山田 太郎です"), ElementsAre("山田 太郎"));
  EXPECT_THAT(FindOf("person", "鈴木　一郎様"), ElementsAre("鈴木　一郎"));
}

TEST(Person, UnknownModernGivenNameAfterSurname) {
  EXPECT_THAT(FindOf("person", "中村悠真様の件"), ElementsAre("中村悠真"));
}

TEST(Person, GivenNameMeCabTagsAPlace) {
  // 朝陽 is a place to MeCab; as a known given name after a surname it is a name before a
  // particle too, not only before a hard boundary.
  EXPECT_THAT(FindOf("person", "代理人の松井　朝陽は私の長女です。"), ElementsAre("松井　朝陽"));
  EXPECT_THAT(FindOf("person", "代理人の松井朝陽は"), ElementsAre("松井朝陽"));
}

TEST(Person, MisreadSurnameBeforeASpacedGivenNameAndHonorific) {
  // 渡辺 すず様 read 獲辺 すず様: the kanji before the space go with the given name.
  EXPECT_THAT(FindOf("person", "拝啓 新緑の候、獲辺 すず様にはますますご清祥のことと"), ElementsAre("獲辺 すず"));
  // Not a label or a title before it.
  EXPECT_THAT(FindOf("person", "氏名 すず様"), Not(Contains("氏名 すず")));
}

TEST(Person, HiraganaGivenName) {
  EXPECT_THAT(FindOf("person", "小林さくらさんが来庁"), ElementsAre("小林さくら"));
}

TEST(Person, HiraganaGivenNameRunsToTheHonorific) {
  // MeCab cuts ゆうき after ゆう; OCR may put a space in it too.
  EXPECT_THAT(FindOf("person", "小島　ゆうき様"), ElementsAre("小島　ゆうき"));
  EXPECT_THAT(FindOf("person", "小島 ゆう き 様"), ElementsAre("小島 ゆう き"));
  // Not over a particle.
  EXPECT_THAT(FindOf("person", "小島ゆうがさんと話した"), Not(Contains("小島ゆうが")));
}

TEST(Person, TwoKanjiInsideALongerWordAreNotAName) {
  // 要介護認定申請書 with 認 misread as 康: MeCab reads 康定 as a name.
  EXPECT_THAT(FindOf("person", "要介護康定申請書の送付について"), IsEmpty());
  // A short name before an honorific is one.
  EXPECT_THAT(FindOf("person", "申請者林光様"), ElementsAre("林光"));
  // Glued to the office it names (東雲 misread as 東宏): not a name; a title after one is.
  EXPECT_THAT(FindOf("person", "東宏総務部情報公開課 電話0463-21-1111"), IsEmpty());
  EXPECT_THAT(FindOf("person", "東宏部長が説明します"), ElementsAre("東宏"));
  // Likewise a hospital (東雲市民病院 read 東圭市民病院); a mayor with the title is a person.
  EXPECT_THAT(FindOf("person", "医療機関 東圭市民病院"), IsEmpty());
  EXPECT_THAT(FindOf("person", "東圭市長が説明します"), ElementsAre("東圭"));
}

TEST(Person, KatakanaNameWithMiddleDot) {
  EXPECT_THAT(FindOf("person", "ジョン・スミスが来日した"), ElementsAre("ジョン・スミス"));
}

TEST(Person, KatakanaNameWithHonorific) {
  EXPECT_THAT(FindOf("person", "スミスさんの申請"), ElementsAre("スミス"));
}

TEST(Person, SelfIntroduction) {
  EXPECT_THAT(FindOf("person", "私、渡辺健一は下記のとおり請求します"), ElementsAre("渡辺健一"));
}

TEST(Person, LabelValueIsAName) {
  EXPECT_THAT(FindOf("person", "氏名：山本 翔"), ElementsAre("山本 翔"));
  EXPECT_THAT(FindOf("person", "請求者\t加藤 美咲"), ElementsAre("加藤 美咲"));
}

TEST(Person, LaterMentionOfAFoundName) {
  EXPECT_THAT(FindOf("person", "申請者の吉田正樹様について。吉田は窓口で説明を受けた。"),
              ElementsAre("吉田正樹", "吉田"));
}

TEST(Person, CommonKatakanaWordsAreNotNames) {
  EXPECT_THAT(FindOf("person", "コンピュータ・システムを更新した"), IsEmpty());
  EXPECT_THAT(FindOf("person", "テレビとラジオで広報する"), IsEmpty());
}

TEST(Person, OfficeNamesAreNotPeople) {
  EXPECT_THAT(FindOf("person", "総務課と市民課が担当します"), IsEmpty());
  EXPECT_THAT(FindOf("person", "皆様のご協力をお願いします"), IsEmpty());
}

TEST(Person, InstructionAfterLabelIsNotAName) {
  EXPECT_THAT(FindOf("person", "氏名を記入してください"), IsEmpty());
  EXPECT_THAT(FindOf("person", "氏名\t住所\t電話番号"), IsEmpty());
}

TEST(Person, HiraganaGivenNameAfterATitleAndSurname) {
  EXPECT_THAT(FindOf("person", "会議録署名委員 佐野 かあり"), ElementsAre("佐野 かあり"));
  // Not a particle or a verb after the surname.
  EXPECT_THAT(FindOf("person", "委員 佐野 から 説明があった"), Not(Contains("佐野 から")));
}

TEST(Person, SpeakerInMinutes) {
  // A name in brackets after a role title, or after the role opening a speaker's line (〇),
  // also a name OCR misread (家原) or the dictionaries do not know.
  EXPECT_THAT(FindOf("person", "〇事務局（家原）　資料３を御覧ください。"), ElementsAre("家原"));
  EXPECT_THAT(FindOf("person", "〇会長（前田 明美）　ただいまから開会します。"), Contains("前田 明美"));
  // 山 glued to the bracket and read as two strokes: (II下 直美).
  EXPECT_THAT(FindOf("person", "〇会長 (II下 直美)それでは、本件について"), Contains("II下 直美"));
  EXPECT_THAT(FindOf("person", "〇会長 (I)それでは"), IsEmpty());
  EXPECT_THAT(FindOf("person", "〇会長 (IT担当)それでは"), IsEmpty());
  // Not a name: a role or a note in brackets.
  EXPECT_THAT(FindOf("person", "〇事務局（課長）　説明します。"), IsEmpty());
  EXPECT_THAT(FindOf("person", "審査会規則（案）について"), IsEmpty());
  EXPECT_THAT(FindOf("person", "〇議事（続き）"), IsEmpty());
}

TEST(Person, GivenNameWithWhatOcrLeftOfAGluedSurname) {
  // である野口秀樹氏は read である野秀樹氏は (口 lost): 野 goes with the name.
  EXPECT_THAT(FindOf("person", "審査き求人である野秀樹氏は、部分開示とされた"), Contains("野秀樹"));
  // A prefix, a kin noun or a title before the given name is not its surname.
  EXPECT_THAT(FindOf("person", "これは故秀樹氏の遺品である"), Not(Contains("故秀樹")));
  EXPECT_THAT(FindOf("person", "これは長男秀樹氏の書類である"), Not(Contains("長男秀樹")));
  EXPECT_THAT(FindOf("person", "そこで会長秀樹氏が述べた"), Not(Contains("会長秀樹")));
}

TEST(Person, ARoleAndTheNameAfterIt) {
  // 代理人の後藤さくらは read 代理人の後朋さくらは: a role of the document's own, then a name.
  EXPECT_THAT(FindOf("person", "代理人の後朋さくらは私の長男です。"), Contains("後朋さくら"));
  EXPECT_THAT(FindOf("person", "申請者の山田は次のとおり述べた。"), Contains("山田"));
  // What the role has is no name.
  EXPECT_THAT(FindOf("person", "代理人の住所は"), IsEmpty());
  EXPECT_THAT(FindOf("person", "申請者の方は窓口へ"), IsEmpty());
  EXPECT_THAT(FindOf("person", "代理人の同意書を添付"), IsEmpty());
}

TEST(Person, AgeInBracketsAfterANameAlsoWhenOcrLostTheBracket) {
  // 中山 あおい(当時2年生) on a fax, 中 read 申 and the ) read from a speck on a line of its own.
  EXPECT_THAT(FindOf("person", "事故に関し、 申山 あおい(当時2年生\n)\nの保護者として"), Contains("申山 あおい"));
  EXPECT_THAT(FindOf("person", "事故に関し、 申山 あおい(当時2年生"), Contains("申山 あおい"));
  // Without 当時, the bracket must close: (2年生 alone may be anything.
  EXPECT_THAT(FindOf("person", "対象は 申山地区(2年生"), IsEmpty());
}

TEST(Person, KinSurnameAndAGivenNameOcrReadAsADigit) {
  // 母杉本 弘の申請書 by hand on a fax, 弘 read as 5.
  EXPECT_THAT(FindOf("person", "母杉本 5の申請書を送ります。"), ElementsAre("杉本 5"));
  // A number is a number: more than two digits, or a counter after them.
  EXPECT_THAT(FindOf("person", "母杉本 12345の申請書"), IsEmpty());
  EXPECT_THAT(FindOf("person", "母杉本 5件の申請書"), IsEmpty());
}

TEST(Person, SpeakerBySurnameAndTitle) {
  // 〇山口委員 with 口 misread as 晶: the kanji between 〇 and the title, not 晶 alone.
  EXPECT_THAT(FindOf("person", "〇山晶委員　資料２の諮問案件について"), ElementsAre("山晶"));
  // A speck OCR read before the 〇 at the line's start (.〇山日委員 所見欄の…).
  EXPECT_THAT(FindOf("person", "です。\n.〇山日委員 所見欄の記載のうち"), ElementsAre("山日"));
  EXPECT_THAT(FindOf("person", ".〇事務局（家原）説明します。"), ElementsAre("家原"));
  // A surname OCR read as a place (青木 → 青森), even read with confidence.
  EXPECT_THAT(FindOf("person", "〇青森委員　先ほど後藤委員から"), ElementsAre("青森", "後藤"));
  // The title misread too (委員 → 要員).
  EXPECT_THAT(FindOf("person", "〇柴田要員　私も同様の意見です。"), ElementsAre("柴田"));
  EXPECT_THAT(FindOf("person", "〇事務局長　説明します。\n〇会計部長　はい。"), IsEmpty());
  // Called on at a sentence's start, with the surname misread (山口 → 由口).
  EXPECT_THAT(FindOf("person", "ほかに御意見はありませんか。由口委員、いかがですか。"), ElementsAre("由口"));
  EXPECT_THAT(FindOf("person", "説明を終わります。専門委員の意見を聞きます。"), IsEmpty());
  // A role, not a name; nor a municipality's delegate.
  EXPECT_THAT(FindOf("person", "〇横浜市委員　説明します。"), IsEmpty());
  EXPECT_THAT(FindOf("person", "〇事務局長　説明します。"), IsEmpty());
  EXPECT_THAT(FindOf("person", "〇副会長　はい。"), IsEmpty());
  EXPECT_THAT(FindOf("person", "〇総務課長　説明します。"), IsEmpty());
}

TEST(Person, HiraganaGivenNameEndingInOneKanaMeCabReadsApart) {
  // ゆう|き with き as an auxiliary: the kana before the bracket is the name's.
  EXPECT_THAT(FindOf("person", "事故に関し、内田 ゆうき（当時２年生）の"), ElementsAre("内田 ゆうき"));
  EXPECT_THAT(FindOf("person", "事故に関し、内田 ゆう き (当時2年生)の"), ElementsAre("内田 ゆう き"));
  // A particle or a word after the name is not.
  EXPECT_THAT(FindOf("person", "内田 ゆうの申請"), ElementsAre("内田 ゆう"));
  EXPECT_THAT(FindOf("person", "内田 ゆうです。"), ElementsAre("内田 ゆう"));
}

TEST(Person, RecentGivenNamesIpadicPredates) {
  // 陽翔 (the most frequent boys' name of recent years) is in no IPADIC: the kin rule needs it
  // to end 母濃辺陽翔の (渡辺 misread) with a known given name.
  EXPECT_THAT(FindOf("person", "母濃辺陽翔の申請書を送ります。"), ElementsAre("濃辺陽翔"));
  EXPECT_THAT(FindOf("person", "陽翔さんの件"), ElementsAre("陽翔"));
}

TEST(Person, AgeOrSchoolYearInBracketsAfterAName) {
  // 野口翔太 with 口 lost by OCR: the age in brackets says a person stands before it.
  EXPECT_THAT(FindOf("person", "事故に関し、野翔太(当時2年生)の保護者として"), ElementsAre("野翔太"));
  // Words, not names, before such brackets.
  EXPECT_THAT(FindOf("person", "定員(20歳)以上"), IsEmpty());
  EXPECT_THAT(FindOf("person", "市立小学校(3年生)の教室"), IsEmpty());
}

TEST(Person, AddresseeLine) {
  // A letter's addressee: the whole line before 様, also a surname OCR misread (窟 for 菅).
  EXPECT_THAT(FindOf("person", "佐賀県佐賀市大字高森1766番地\n窟原秀樹 様\n東雲市長"), Contains("窟原秀樹"));
  EXPECT_THAT(FindOf("person", "〒034-1355\n  窟原 秀樹様\n"), Contains("窟原 秀樹"));
  // A title, not a name; and a line with more than the name.
  EXPECT_THAT(FindOf("person", "東雲市\n総務課長 様\n"), IsEmpty());
  EXPECT_THAT(FindOf("person", "東雲市長 様\n"), IsEmpty());
  EXPECT_THAT(FindOf("person", "関係者各位様\n"), IsEmpty());
  EXPECT_THAT(FindOf("person", "申請者林光様"), ElementsAre("林光"));
}

TEST(Person, UnknownItemInAListOfNames) {
  // Most items are names: the misread one between them (山日大輔) is a name too.
  EXPECT_THAT(FindOf("person", "前田 明美（会長）、佐野 かおり、増田 こはる、山日大輔"),
              Contains("山日大輔"));
  EXPECT_THAT(FindOf("person", "懇井 実（会長）、山下 奈々、宮崎 由美子、高橋恵子"),
              Contains("懇井 実"));
  // A list that is not mostly names adds nothing.
  EXPECT_THAT(FindOf("person", "総務課、企画課、山田太郎、財政課"), ElementsAre("山田太郎"));
}

TEST(Person, SurnameOfASpacedNameIsMentionedAlone) {
  // The part before the space is the surname, also when no dictionary knows it.
  EXPECT_THAT(FindOf("person", "出席委員　杉本 悠人（会長）、山日 陽藤、丸山 剛、横山 裕子\n〇山日委員　伺います。"),
              Contains("山日"));
}

TEST(Person, KinAndTheNameAfterThem) {
  EXPECT_THAT(FindOf("person", "母の芽依が来た"), ElementsAre("芽依"));
  EXPECT_THAT(FindOf("person", "友人の真由美は"), ElementsAre("真由美"));
  // What follows 母の is a thing as often as a person: words MeCab knows are not names.
  EXPECT_THAT(FindOf("person", "母の申請書を送ります。"), IsEmpty());
  EXPECT_THAT(FindOf("person", "妻の書類を預かった"), IsEmpty());
}

TEST(Person, KinNamedInApposition) {
  // A spaced surname and given name right after a kin noun, also one OCR misread (本間 → 本問).
  EXPECT_THAT(FindOf("person", "母本問　舞の申請書を送ります。"), ElementsAre("本問　舞"));
  EXPECT_THAT(FindOf("person", "長女 佐藤 さくらの件"), ElementsAre("佐藤 さくら"));
  // Unspaced, when the kanji end with a known given name (村上 misread as 笠上).
  EXPECT_THAT(FindOf("person", "母笠上圭子の申請書を送ります。"), ElementsAre("笠上圭子"));
  // Unspaced, kanji then a known given name in hiragana (MeCab tags 新田 a place after 母), also
  // with the surname misread (新田 → 新四).
  EXPECT_THAT(FindOf("person", "母新田ひかりの申請書を送ります。"), ElementsAre("新田ひかり"));
  EXPECT_THAT(FindOf("person", "母新四ひかりの申請書を送ります。"), ElementsAre("新四ひかり"));
  EXPECT_THAT(FindOf("person", "母こそが"), IsEmpty());
  // A surname alone after the kin noun (the given name lost by OCR), not a word.
  EXPECT_THAT(FindOf("person", "母高木の申請害を送ります。"), ElementsAre("高木"));
  // With the kana of a given name OCR misread (今井みゆき read 今井えゆき), not an honorific.
  EXPECT_THAT(FindOf("person", "母今井えゆきの申請書を送ります。"), ElementsAre("今井えゆき"));
  EXPECT_THAT(FindOf("person", "母今井さんの申請書を送ります。"), ElementsAre("今井"));
  // With a kanji of the given name left (増田結愛 read 増田結), or a known kana name that holds a
  // particle's kana after a misread surname (森田こはる read 森還こはる).
  EXPECT_THAT(FindOf("person", "母増田結の申請書を送ります。"), ElementsAre("増田結"));
  EXPECT_THAT(FindOf("person", "母森還こはるの申請書を送ります。"), ElementsAre("森還こはる"));
  EXPECT_THAT(FindOf("person", "母森還 こはるの申請書を送ります。"), ElementsAre("森還 こはる"));
  EXPECT_THAT(FindOf("person", "母校の行事に参加した"), IsEmpty());
  EXPECT_THAT(FindOf("person", "父親の手続き"), IsEmpty());
  // Otherwise a kin noun starts words: 母子家庭, 父親, 母国語.
  EXPECT_THAT(FindOf("person", "母子家庭の支援について"), IsEmpty());
  EXPECT_THAT(FindOf("person", "母国語の授業"), IsEmpty());
  EXPECT_THAT(FindOf("person", "父親が来庁した"), IsEmpty());
}

}  // namespace
}  // namespace redact::testing
