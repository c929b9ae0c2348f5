"""What the bureau publishes every year in the demo catalog: budgets and final accounts with
their tables (and the city's 三公 expenses), recruitment notices and their results, and the annual
reports on government information disclosure."""

from __future__ import annotations

from datetime import date

from gongkai.core.demo.kernel import BODIES

from .base import PlannerBase
from .items import CITY, SANYUAN, SHAXIAN, Item, abstract, joined


class YearlyPlans(PlannerBase):
    def finance(self) -> None:
        rng = self.rng
        base = {CITY: 52000.0, SANYUAN: 11800.0, SHAXIAN: 9600.0}
        for year in self.years:
            for body in (CITY, SANYUAN, SHAXIAN):
                budget = base[body] * rng.uniform(0.95, 1.08)
                for kind, months, y in (("预算", [2, 3], year), ("决算", [8, 9], year - 1)):
                    day = self.day(months=months, lo=date(year, 1, 1), hi=min(self.end, date(year, 12, 31)))
                    if day.year != year or day < self.start:
                        continue
                    total = round(budget * (rng.uniform(0.97, 1.04) if kind == "决算" else 1), 2)
                    basic = round(total * rng.uniform(0.68, 0.78), 2)
                    three = round(total * rng.uniform(0.006, 0.009), 2)
                    reception = round(three * rng.uniform(0.02, 0.05), 2)
                    name = self.name(body)
                    text = joined(
                        f"一、部门主要职能：{name}负责辖区公安工作，预防、制止和侦查违法犯罪活动，维护社会治安秩序。",
                        f"二、部门{kind}单位构成：本部门{kind}为汇总{kind}，包括本级及所属"
                        f"{rng.randint(2, 8)}个{kind}单位。",
                        f"三、收支{kind}情况：{y}年收入{kind}{total:.2f}万元，其中一般公共预算拨款收入"
                        f"{total - 120:.2f}万元，其他收入120.00万元；支出{kind}{total:.2f}万元，其中基本支出"
                        f"{basic:.2f}万元，项目支出{total - basic:.2f}万元。",
                        f"四、“三公”经费{kind}{three:.2f}万元，其中因公出国（境）费0.00万元，公务接待费"
                        f"{reception:.2f}万元，公务用车购置及运行维护费{three - reception:.2f}万元。",
                        f"五、政府采购{kind}{total * rng.uniform(0.05, 0.1):.2f}万元。",
                        f"六、国有资产占用情况：截至{y - 1 if kind == '预算' else y}年底，共有车辆"
                        f"{rng.randint(40, 300) if body == CITY else rng.randint(20, 80)}辆，其中执法执勤用车占多数。",
                        "七、名词解释：基本支出是指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。")
                    topic = "0701" if kind == "预算" else "0702"
                    sheets = [("收支总表", [("项目", f"{y}年{kind}数（万元）"), ("收入合计", total),
                                          ("一般公共预算拨款收入", round(total - 120, 2)), ("其他收入", 120.0),
                                          ("支出合计", total), ("基本支出", basic),
                                          ("项目支出", round(total - basic, 2))]),
                              ("三公经费", [("项目", "金额（万元）"), ("合计", three), ("因公出国（境）费", 0.0),
                                         ("公务接待费", reception), ("公务用车购置及运行维护费",
                                                                round(three - reception, 2))])]
                    self.add(Item(unit=body, topic=topic, created_on=day, genre="报告",
                                  title=f"{name}{y}年部门{kind}说明", body=text,
                                  summary=f"{name}{y}年部门{kind}收支总额{total:.2f}万元。",
                                  keywords=f"部门{kind} 财政信息", lag=rng.randint(2, 8),
                                  attachment=("xlsx", f"{y}年部门{kind}公开表.xlsx", sheets)))
                    if body == CITY:
                        three_day = self.add_wd(day, rng.randint(0, 3))
                        if three_day < self.today:
                            self.add(Item(unit=body, topic="0703", created_on=three_day, genre="报告",
                                          title=f"{name}{y}年“三公”经费{kind}情况说明",
                                          body=joined(f"{y}年“三公”经费{kind}{three:.2f}万元，其中因公出国（境）费"
                                                      f"0.00万元，公务接待费{reception:.2f}万元，公务用车购置及运行维护费"
                                                      f"{three - reception:.2f}万元。",
                                                      "“三公”经费严格按照中央八项规定精神和厉行节约要求控制，"
                                                      "较上年有所下降。"),
                                          summary=f"{y}年“三公”经费{kind}{three:.2f}万元。", keywords="三公经费",
                                          lag=rng.randint(2, 6)))

    def personnel(self) -> None:
        rng = self.rng
        for year in self.years:
            for title, months, unit, genre in (
                    ("三明市公安局{y}年公开招聘警务辅助人员公告", [3, 4], CITY, "公告"),
                    ("三明市公安局{y}年公开招聘警务辅助人员拟聘用人员公示", [6, 7], CITY, "公示"),
                    ("三明市公安局{y}年考试录用人民警察体检和考察结果公示", [7, 8], CITY, "公示"),
                    ("{b}{y}年招聘警务辅助人员公告", [4, 5], SANYUAN if year % 2 else SHAXIAN, "公告")):
                day = self.day(months=months, lo=date(year, 1, 1), hi=min(self.end, date(year, 12, 31)))
                if day.year != year:
                    continue
                count = rng.randint(12, 40)
                if "拟聘用" in title or "体检" in title:
                    people = "、".join(f"{self.person()}（{rng.choice(['男', '女'])}）" for _ in range(8))
                    text = joined(f"根据招聘公告，经笔试、体能测评、面试、体检和考察等程序，现将拟聘用（录用）人员名单"
                                  f"予以公示（部分）：{people}等{count}人。",
                                  f"公示期为5个工作日。公示期间如有异议，请以书面形式向{self.name(unit)}反映，"
                                  f"电话{BODIES[unit]['phone']}。")
                else:
                    text = joined(f"因工作需要，{self.name(unit)}面向社会公开招聘警务辅助人员{count}名。",
                                  "一、招聘条件：具有中华人民共和国国籍，年龄18周岁以上30周岁以下，具有大专以上学历，"
                                  "身体健康，品行端正。",
                                  "二、报名方式：采取网上报名，报名时间为公告发布之日起7日内。",
                                  "三、考试考核：包括笔试、体能测评、面试、体检和政治考察。",
                                  f"四、咨询电话：{BODIES[unit]['phone']}。")
                self.add(Item(unit=unit, topic="12", created_on=day, genre=genre,
                              title=title.format(y=year, b=self.name(unit)), body=text,
                              summary=abstract(text), keywords="招聘 警务辅助人员 人事信息",
                              channels=("website", "wechat"), lag=rng.randint(1, 3)))

    def annual_reports(self) -> None:
        rng = self.rng
        for year in self.years:
            for body in (CITY, SANYUAN, SHAXIAN):
                day = self.day(lo=date(year, 1, 8), hi=min(self.end, date(year, 1, 22)))
                if day.year != year or not date(year, 1, 8) <= day:
                    continue
                name, y = self.name(body), year - 1
                active = rng.randint(2500, 4200) if body == CITY else rng.randint(300, 800)
                applications = rng.randint(8, 40) if body == CITY else rng.randint(1, 12)
                paragraphs = [
                    f"本报告根据《中华人民共和国政府信息公开条例》要求编制，全文包括总体情况、主动公开政府信息情况、"
                    f"收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、"
                    f"其他需要报告的事项。本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
                    f"一、总体情况。{y}年，{name}坚持以公开为常态、不公开为例外，全年主动公开政府信息{active}条，"
                    f"其中政策解读{rng.randint(3, 12)}条，召开新闻发布会{rng.randint(1, 6)}场。",
                    "二、主动公开政府信息情况。规范性文件、行政许可、行政处罚、行政事业性收费等信息按规定公开，"
                    "行政许可和行政处罚决定在作出决定之日起7个工作日内公开。",
                    f"三、收到和处理政府信息公开申请情况。全年收到申请{applications}件，均在法定期限内答复，"
                    f"其中予以公开{rng.randint(0, applications)}件。",
                    f"四、政府信息公开行政复议、行政诉讼情况。全年因政府信息公开被申请行政复议{rng.randint(0, 2)}件，"
                    "被提起行政诉讼0件。",
                    "五、存在的主要问题及改进情况。个别单位信息发布不够及时，政策解读形式较为单一。下一步将加强培训"
                    "和督促检查，丰富图解、视频等解读形式。",
                    "六、其他需要报告的事项。本年度未收取信息处理费。"]
                self.add(Item(unit=body, topic="15", created_on=day, genre="报告",
                              title=f"{name}{y}年政府信息公开工作年度报告", body=joined(*paragraphs),
                              summary=f"{y}年主动公开政府信息{active}条，收到政府信息公开申请{applications}件。",
                              keywords="政府信息公开 年度报告", channels=("website", "gazette"), lag=rng.randint(2, 5),
                              attachment=("pdf", f"{name}{y}年政府信息公开工作年度报告.pdf",
                                          f"{name}{y}年政府信息公开工作年度报告", paragraphs)
                              if body == CITY else None))
