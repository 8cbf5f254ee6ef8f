#!/usr/bin/env python3
"""Writes data/hukou.json, data/business_registry.json,
data/demo_accounts.json, data/licences.json and data/shared_records.json:
the fictional people and enterprises of the demo city, their electronic
licences and the records departments share about them.  Deterministic (fixed seed), so re-running changes nothing.
ID numbers follow GB 11643 and credit codes GB 32100, so they pass the
server's validators; every person and enterprise here is invented."""
import json, random

rnd = random.Random(20261122)
ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
USCC_CH = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_W = [3, 7, 9, 10, 5, 8, 4, 2]

def id_number(region, y, m, d, seq):
    body = "%s%04d%02d%02d%03d" % (region, y, m, d, seq)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, ID_W)) % 11]

def org_code():
    body = "".join(rnd.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    val = lambda c: int(c) if c.isdigit() else ord(c) - 55
    c = 11 - sum(val(ch) * w for ch, w in zip(body, ORG_W)) % 11
    return body + ("X" if c == 10 else "0" if c == 11 else str(c))

def uscc(region):
    body = "91" + region + org_code()
    s = sum(USCC_CH.index(c) * w for c, w in zip(body, USCC_W))
    return body + USCC_CH[(31 - s % 31) % 31]

DISTRICTS = ["310101", "310104", "310105", "310106", "310107", "310109",
             "310110", "310112", "310113", "310114", "310115", "310116",
             "310117", "310118", "310120", "310151"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
         "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华",
         "晓燕", "志强", "海燕", "文杰", "雪梅", "国庆", "佳怡"]
STREETS = ["临汾路", "共和新路", "永清路", "南京西路", "张杨路", "虹梅路",
           "淞滨路", "曹杨路", "四平路", "沪闵路"]

people, used = [], set()
def person(name, district, y, m, d, sex_female):
    seq = rnd.randrange(100, 999)
    if (seq % 2 == 0) != sex_female:
        seq += 1
    idn = id_number(district, y, m, d, seq)
    assert idn not in used
    used.add(idn)
    rec = {"id_number": idn, "name": name, "registered_district": district,
           "address_zh": "上海市%s%d弄%d号%d室" % (rnd.choice(STREETS),
               rnd.randrange(1, 999), rnd.randrange(1, 60), rnd.randrange(101, 2501))}
    people.append(rec)
    return rec

# The demo residents.
li_jing = person("李静", "310113", 1988, 5, 17, True)    # Baoshan, lives in Jing'an
zhang_wei = person("张伟", "310106", 1975, 11, 2, False)
chen_fang = person("陈芳", "310115", 1992, 3, 8, True)
liu_yang = person("刘洋", "310112", 1965, 8, 21, False)
zhao_min = person("赵敏", "310104", 1990, 1, 30, True)
# Residents of the register who have not signed up (tests register them).
for i in range(45):
    d = rnd.choice(DISTRICTS)
    female = rnd.random() < 0.5
    name = rnd.choice(SURNAMES) + rnd.choice(GIVEN)
    person(name, d, rnd.randrange(1940, 2006), rnd.randrange(1, 13),
           rnd.randrange(1, 29), female)

enterprises = []
def enterprise(name, district, rep):
    rec = {"credit_code": uscc(district), "name": name,
           "legal_rep_id": rep["id_number"], "legal_rep_name": rep["name"],
           "district": district}
    enterprises.append(rec)
    return rec

supermarket = enterprise("上海彭浦示范超市有限公司", "310106", zhang_wei)
restaurant = enterprise("上海宝山示范餐饮管理有限公司", "310113", li_jing)
for i, (n, d) in enumerate([("上海浦东示范药房有限公司", "310115"),
                            ("上海徐汇示范文化传播有限公司", "310104"),
                            ("上海闵行示范烘焙食品有限公司", "310112"),
                            ("上海静安示范美容美发有限公司", "310106"),
                            ("上海嘉定示范医疗器械有限公司", "310114"),
                            ("上海松江示范娱乐有限公司", "310117")]):
    enterprise(n, d, people[10 + i])

def mobile(i):
    return "1380013%04d" % i

accounts = {
    "residents": [
        dict(id_number=li_jing["id_number"], name=li_jing["name"], mobile=mobile(1),
             registered_district="310113", living_district="310106",
             note="registered in Baoshan, living in Jing'an"),
        dict(id_number=zhang_wei["id_number"], name=zhang_wei["name"], mobile=mobile(2),
             registered_district="310106", living_district="310106",
             note="legal representative of the demo supermarket"),
        dict(id_number=chen_fang["id_number"], name=chen_fang["name"], mobile=mobile(3),
             registered_district="310115", living_district="310115",
             note="agent of the demo supermarket"),
        dict(id_number=liu_yang["id_number"], name=liu_yang["name"], mobile=mobile(4),
             registered_district="310112", living_district="310104", note=""),
    ],
    "enterprises": [
        dict(credit_code=supermarket["credit_code"], name=supermarket["name"],
             legal_rep_id=zhang_wei["id_number"], mobile=mobile(11),
             agents=[chen_fang["id_number"]]),
        dict(credit_code=restaurant["credit_code"], name=restaurant["name"],
             legal_rep_id=li_jing["id_number"], mobile=mobile(12), agents=[]),
    ],
    "staff": [
        dict(username="clerk.pengpu", name="彭浦窗口一", role="clerk", center="JA12"),
        dict(username="manager.pengpu", name="彭浦中心主任", role="manager", center="JA12"),
        dict(username="clerk.baoshan", name="友谊路窗口一", role="clerk", center="BS01"),
        dict(username="reviewer.civil", name="民政审批一", role="reviewer", department="CA"),
        dict(username="admin.baoshan", name="宝山区管理员", role="district_admin", district="310113"),
        dict(username="admin.city", name="市级管理员", role="city_admin"),
        dict(username="auditor", name="审计员", role="auditor"),
    ],
}

# The electronic licence library: every registered resident's ID card and
# household booklet, and a few more certificates for the demo residents.
licences, shared = [], []
def licence(kind, holder, dept, issued, valid, number):
    licences.append({"kind": kind, "number": number, "holder_login": holder["id_number"],
                     "holder_name": holder["name"], "department": dept,
                     "issued_on": issued, "valid_until": valid})

for i, p in enumerate(people):
    y = int(p["id_number"][6:10])
    issued = "%d-%02d-%02d" % (max(2015, y + 16), rnd.randrange(1, 13), rnd.randrange(1, 29))
    valid = None if y < 1980 else "%d%s" % (int(issued[:4]) + 20, issued[4:])
    licence("ID-CARD", p, "PS", issued, valid, "SFZ" + p["id_number"][-6:] + "%04d" % i)
    licence("HOUSEHOLD-BOOKLET", p, "PS", "2010-01-15", None, "HKB%08d" % (31000000 + i))
    # Household registration data shared by public security.
    shared.append({"kind": "HOUSEHOLD-BOOKLET", "subject_login": p["id_number"], "department": "PS",
                   "summary": "户籍登记：%s" % p["registered_district"]})
licence("MARRIAGE-CERT", li_jing, "CA", "2015-05-20", None, "J310113-2015-004321")
licence("SOCIAL-SECURITY-CARD", li_jing, "HR", "2019-03-01", None, "SSC310113000123")
licence("SOCIAL-SECURITY-CARD", zhang_wei, "HR", "2018-07-11", None, "SSC310106000456")
licence("BUSINESS-LICENCE", {"id_number": supermarket["credit_code"], "name": supermarket["name"]},
        "MS", "2021-09-01", None, supermarket["credit_code"])
licence("BUSINESS-LICENCE", {"id_number": restaurant["credit_code"], "name": restaurant["name"]},
        "MS", "2022-04-18", None, restaurant["credit_code"])
for p in (li_jing, zhang_wei, chen_fang, liu_yang):
    shared.append({"kind": "SOCIAL-SECURITY-CARD", "subject_login": p["id_number"], "department": "HR",
                   "summary": "社会保险参保记录"})
shared.append({"kind": "MARRIAGE-CERT", "subject_login": li_jing["id_number"], "department": "CA",
               "summary": "婚姻登记：已婚（2015）"})
shared.append({"kind": "INCOME-PROOF", "subject_login": liu_yang["id_number"], "department": "CA",
               "summary": "家庭经济状况核对报告"})

def dump(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")

dump("data/hukou.json", people)
dump("data/business_registry.json", enterprises)
dump("data/demo_accounts.json", accounts)
dump("data/licences.json", licences)
dump("data/shared_records.json", shared)
