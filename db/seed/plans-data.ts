// Seed data: the key tasks deployed at the Inner Mongolia Autonomous Region
// Department of Ecology and Environment's annual work conferences (2024 and 2025).
// Sources: shared/seeds/000_bff509f6b83af559.txt (2024, English machine translation,
// rendered back into Chinese) and shared/seeds/001_d1976a093cd776cd.txt (2025, Chinese).
// Task titles follow the source wording; numbering is computed by the app.
// Baselines and targets of indicators are plausible planning values, not published figures
// (except the ecological conservation red-line area, 59.69万平方千米).

export type SeedIndicator = {
  name: string; // Chinese, e.g. "优良天数比例"
  nameEn: string;
  unit: string; // "%", "μg/m³", "个", "万吨"...
  direction: "higher" | "lower";
  baseline: number; // region-wide value of the previous year, plausible
  target: number; // region-wide target
  regionTargets?: Record<string, number>; // keyed by GB/T 2260 code, only where a region's target differs
};

export type SeedTask = {
  title: string; // Chinese
  titleEn: string;
  description?: string; // Chinese, one or two sentences taken from/close to the source text
  leadOffice: string; // 牵头处室
  indicators?: SeedIndicator[];
  children?: SeedTask[]; // the concrete measures (具体举措); leaves are what gets assigned to regions
};

export type SeedPlan = {
  year: number;
  title: string;
  titleEn: string;
  issuingBody: string;
  meetingDate: string; // ISO date
  sourceSummary: string;
  tasks: SeedTask[];
};

// ---------------------------------------------------------------------------
// 2024
// ---------------------------------------------------------------------------

export const plan2024: SeedPlan = {
  year: 2024,
  title: "2024年全区生态环境保护工作会议重点任务",
  titleEn:
    "Key Tasks of the 2024 Region-wide Ecological and Environmental Protection Work Conference",
  issuingBody: "内蒙古自治区生态环境厅",
  meetingDate: "2024-01-27",
  sourceSummary:
    "1月27日，自治区生态环境厅在呼和浩特召开2024年全区生态环境保护暨全面从严治党工作会议。会议以习近平新时代中国特色社会主义思想为指导，围绕铸牢中华民族共同体意识工作主线，聚焦筑牢我国北方重要生态安全屏障，总结2023年生态环境保护工作，安排部署2024年重点任务。会议要求，发挥在筑牢我国北方重要生态安全屏障中的牵头作用，加快推动新时代生态环境保护向“大生态”转型升级，以高度政治责任感推进全面从严治党，聚焦重点领域工作抓好重点任务落实，以高水平保护推动经济社会高质量发展。",
  tasks: [
    {
      title: "发挥在筑牢我国北方重要生态安全屏障中的牵头作用",
      titleEn:
        "Play the leading role in building the important ecological security barrier in northern China",
      description:
        "对标全国生态环境保护大会精神和全区重点工作推进会部署要求，知责明责、担责尽责，全面加强组织协调、法规制度、监测评估、监督体系、科技创新、对外合作“六个统筹”，扎实有效做好“统”的工作。",
      leadOffice: "综合处",
      children: [
        {
          title: "加强组织协调统筹",
          titleEn: "Strengthen coordinated organisation and scheduling",
          description:
            "做好上下衔接、左右沟通，强化协调调度、督促管理，推动筑牢我国北方重要生态安全屏障各项任务落地落实。",
          leadOffice: "综合处",
        },
        {
          title: "加强法规制度统筹",
          titleEn: "Strengthen coordination of laws, regulations and institutions",
          description:
            "统筹推进生态环境领域法规制度建设，为筑牢我国北方重要生态安全屏障提供法治和制度保障。",
          leadOffice: "法规与标准处",
        },
        {
          title: "加强监测评估统筹",
          titleEn: "Strengthen coordination of monitoring and assessment",
          description:
            "统筹生态环境监测评估工作，为生态安全屏障建设成效评估提供数据支撑。",
          leadOffice: "生态环境监测处",
        },
        {
          title: "加强监督体系统筹",
          titleEn: "Strengthen coordination of the supervision system",
          description:
            "统筹构建全方位监督体系，强化对生态安全屏障建设重点任务的督促检查。",
          leadOffice: "督察办",
        },
        {
          title: "加强科技创新和对外合作统筹",
          titleEn: "Strengthen coordination of scientific and technological innovation and external cooperation",
          description:
            "统筹生态环境科技创新和对外交流合作，增强生态安全屏障建设的科技支撑和合作合力。",
          leadOffice: "科技与财务处",
        },
      ],
    },
    {
      title: "加快推动新时代生态环境保护向“大生态”转型升级",
      titleEn:
        "Accelerate the transformation and upgrading of ecological and environmental protection in the new era towards a “big ecology”",
      description:
        "适应生态环境保护工作由以污染防治为主向美丽中国建设和“大生态”保护监管转变的新形势，强化整体思维、系统观念、辩证方法，加快推动生态环境工作转型升级。",
      leadOffice: "综合处",
      children: [
        {
          title: "在“升级、扩面、深化”上下功夫",
          titleEn: "Work hard on upgrading, expanding and deepening the scope of protection",
          description:
            "推动生态环境保护由污染防治向“大生态”保护监管拓展，在“升级、扩面、深化”上下功夫，强化生态保护监管。",
          leadOffice: "自然生态保护处",
          indicators: [
            {
              name: "生态保护红线面积",
              nameEn: "Area of ecological conservation red lines (no reduction)",
              unit: "万平方千米",
              direction: "higher",
              baseline: 59.69,
              target: 59.69,
            },
          ],
        },
        {
          title: "在“精准、科学、依法”上见实效",
          titleEn: "Achieve tangible results in precise, science-based and law-based governance",
          description:
            "坚持精准治污、科学治污、依法治污，在“精准、科学、依法”上见实效，提升生态环境治理效能。",
          leadOffice: "综合处",
        },
        {
          title: "在“出政策、建机制、抓统筹”上做文章",
          titleEn: "Make policies, build mechanisms and strengthen overall coordination",
          description:
            "在“出政策、建机制、抓统筹”上做文章，完善适应“大生态”保护监管的政策措施和工作机制。",
          leadOffice: "法规与标准处",
        },
        {
          title: "加快推动盟市和旗县（市、区）生态环境工作转型升级",
          titleEn:
            "Accelerate the transformation of ecological and environmental work in league-cities and banner-counties",
          description:
            "坚持因地制宜、分类施策，加快推动盟市和旗县（市、区）生态环境工作转型升级，在筑牢我国北方重要生态安全屏障中展现新作为、彰显新成就。",
          leadOffice: "综合处",
        },
      ],
    },
    {
      title: "以高度政治责任感推进全面从严治党",
      titleEn:
        "Advance full and rigorous Party self-governance with a strong sense of political responsibility",
      description:
        "始终保持“两个永远在路上”的清醒和坚定，为筑牢我国北方重要生态安全屏障、建设美丽内蒙古提供坚强的政治保障、纪律保障和作风保障。",
      leadOffice: "机关党委",
      children: [
        {
          title: "全面加强党的政治建设",
          titleEn: "Comprehensively strengthen the Party’s political building",
          description: "聚焦提升政治引领力，全面加强党的政治建设。",
          leadOffice: "机关党委",
        },
        {
          title: "全面加强党的作风建设",
          titleEn: "Comprehensively strengthen the Party’s conduct",
          description: "聚焦提升贯彻执行力，全面加强党的作风建设。",
          leadOffice: "机关党委",
        },
        {
          title: "全面加强党的组织建设",
          titleEn: "Comprehensively strengthen the Party’s organisational building",
          description: "聚焦提升队伍战斗力，全面加强党的组织建设。",
          leadOffice: "机关党委",
        },
        {
          title: "全面加强党的纪律建设",
          titleEn: "Comprehensively strengthen Party discipline",
          description: "聚焦提升拒腐防变力，全面加强党的纪律建设。",
          leadOffice: "机关党委",
        },
      ],
    },
    {
      title: "聚焦重点领域工作抓好重点任务落实",
      titleEn: "Focus on key areas of work and ensure the implementation of key tasks",
      description:
        "聚焦重点领域工作，勇于担当、齐心协力，开创新时代全区生态环境保护工作新局面，以高水平保护推动经济社会高质量发展。",
      leadOffice: "综合处",
      children: [
        {
          title: "统筹产业结构调整、污染治理、生态保护、应对气候变化",
          titleEn:
            "Coordinate industrial restructuring, pollution control, ecological protection and climate action",
          description:
            "统筹产业结构调整、污染治理、生态保护、应对气候变化，协同推进降碳、减污、扩绿、增长，持续改善生态环境质量。",
          leadOffice: "综合处",
          indicators: [
            {
              name: "优良天数比例",
              nameEn: "Share of days with good air quality",
              unit: "%",
              direction: "higher",
              baseline: 89.9,
              target: 90.4,
              regionTargets: {
                "150100": 88.0,
                "150200": 86.5,
                "150300": 81.5,
                "150400": 92.5,
                "150500": 91.5,
                "150600": 90.0,
                "150700": 98.5,
                "150800": 85.5,
                "150900": 94.0,
                "152200": 98.0,
                "152500": 96.5,
                "152900": 82.5,
              },
            },
            {
              name: "细颗粒物（PM2.5）平均浓度",
              nameEn: "Average PM2.5 concentration",
              unit: "μg/m³",
              direction: "lower",
              baseline: 26.0,
              target: 25.5,
              regionTargets: {
                "150100": 30,
                "150200": 32,
                "150300": 34,
                "150400": 24,
                "150500": 27,
                "150600": 24,
                "150700": 17,
                "150800": 31,
                "150900": 23,
                "152200": 20,
                "152500": 15,
                "152900": 29,
              },
            },
            {
              name: "重污染天数比例",
              nameEn: "Share of heavily polluted days",
              unit: "%",
              direction: "lower",
              baseline: 1.1,
              target: 0.9,
            },
            {
              name: "地表水国控断面水质优良（达到或好于Ⅲ类）比例",
              nameEn: "Share of national surface-water sections with good quality (Class III or better)",
              unit: "%",
              direction: "higher",
              baseline: 71.4,
              target: 72.5,
            },
            {
              name: "地表水国控断面劣Ⅴ类水体比例",
              nameEn: "Share of national surface-water sections worse than Class V",
              unit: "%",
              direction: "lower",
              baseline: 2.4,
              target: 1.8,
            },
            {
              name: "受污染耕地安全利用率",
              nameEn: "Safe utilisation rate of contaminated farmland",
              unit: "%",
              direction: "higher",
              baseline: 98.0,
              target: 98.0,
            },
            {
              name: "重点建设用地安全利用率",
              nameEn: "Safe utilisation rate of key construction land",
              unit: "%",
              direction: "higher",
              baseline: 100,
              target: 100,
            },
            {
              name: "一般工业固体废物综合利用率",
              nameEn: "Comprehensive utilisation rate of general industrial solid waste",
              unit: "%",
              direction: "higher",
              baseline: 40.5,
              target: 42.0,
            },
            {
              name: "单位地区生产总值二氧化碳排放降低率",
              nameEn: "Reduction rate of CO2 emissions per unit of GDP",
              unit: "%",
              direction: "higher",
              baseline: 2.1,
              target: 3.0,
            },
          ],
        },
        {
          title: "扎实推进中央生态环境保护督察整改",
          titleEn: "Solidly advance rectification required by central ecological and environmental protection inspections",
          description:
            "扎实推进中央生态环境保护督察反馈问题整改，确保整改任务按时序进度完成。",
          leadOffice: "督察办",
          indicators: [
            {
              name: "中央生态环境保护督察整改任务按期完成率",
              nameEn: "On-schedule completion rate of central inspection rectification tasks",
              unit: "%",
              direction: "higher",
              baseline: 100,
              target: 100,
            },
          ],
        },
        {
          title: "全面排查整治重点领域突出生态环境问题",
          titleEn: "Comprehensively identify and remedy prominent ecological and environmental problems in key areas",
          description:
            "全面排查整治重点领域突出生态环境问题，建立问题清单，推动问题整改到位。",
          leadOffice: "生态环境执法处",
        },
        {
          title: "加快黄河流域生态环境问题整改",
          titleEn: "Accelerate rectification of ecological and environmental problems in the Yellow River Basin",
          description:
            "加快推进黄河流域生态环境问题整改，推动黄河流域生态保护和高质量发展。",
          leadOffice: "水生态环境处",
        },
        {
          title: "抓好生态环境领域安全生产",
          titleEn: "Ensure work safety in the ecological and environmental field",
          description: "从严从细抓好生态环境领域安全生产工作，防范化解环境风险。",
          leadOffice: "固体废物与化学品处",
          indicators: [
            {
              name: "突发环境事件妥善处置率",
              nameEn: "Proper handling rate of environmental emergencies",
              unit: "%",
              direction: "higher",
              baseline: 100,
              target: 100,
            },
          ],
        },
        {
          title: "组织制定实施年度工作要点",
          titleEn: "Formulate and implement the annual work priorities",
          description:
            "精心组织制定并实施年度工作要点，细化任务分工，推动各项工作落到实处。",
          leadOffice: "综合处",
        },
      ],
    },
  ],
};

// ---------------------------------------------------------------------------
// 2025
// ---------------------------------------------------------------------------

export const plan2025: SeedPlan = {
  year: 2025,
  title: "2025年全区生态环境保护工作会议重点任务",
  titleEn:
    "Key Tasks of the 2025 Region-wide Ecological and Environmental Protection Work Conference",
  issuingBody: "内蒙古自治区生态环境厅",
  meetingDate: "2025-02-18",
  sourceSummary:
    "2月18日，自治区生态环境厅在呼和浩特召开2025年全区生态环境保护暨全面从严治党工作会议，总结2024年生态环境保护工作，安排部署2025年重点任务。会议指出，生态环境部下达的2024年度环境质量改善各项约束性指标全部完成，2023年度国家污染防治攻坚战成效考核成绩实现了由良好到优秀的跨越。会议强调，要聚焦筑牢我国北方重要生态安全屏障，协同推进降碳、减污、扩绿、增长，2025年重点落实好七项任务，推动生态环境质量稳中向好、持续改善，以高品质生态环境支撑高质量发展。",
  tasks: [
    {
      title: "在协同推进我国北方重要生态安全屏障和美丽内蒙古建设上有作为、见实效",
      titleEn:
        "Deliver tangible results in jointly advancing the important ecological security barrier in northern China and a Beautiful Inner Mongolia",
      description:
        "有力有序推进生态安全屏障建设，分级分类推进美丽内蒙古建设，科学系统谋划“十五五”生态环境保护，确保交出一份满意答卷。",
      leadOffice: "综合处",
      children: [
        {
          title: "有力有序推进生态安全屏障建设",
          titleEn: "Advance the building of the ecological security barrier forcefully and in an orderly way",
          description:
            "聚焦筑牢我国北方重要生态安全屏障，有力有序推进生态安全屏障建设各项任务。",
          leadOffice: "综合处",
        },
        {
          title: "分级分类推进美丽内蒙古建设",
          titleEn: "Advance the building of a Beautiful Inner Mongolia by level and by category",
          description:
            "分级分类推进美丽内蒙古建设，推动盟市、旗县（市、区）结合实际开展美丽建设。",
          leadOffice: "综合处",
        },
        {
          title: "科学系统谋划“十五五”生态环境保护",
          titleEn:
            "Plan ecological and environmental protection for the 15th Five-Year Plan period scientifically and systematically",
          description:
            "科学系统谋划“十五五”生态环境保护目标任务，做好规划编制前期研究。",
          leadOffice: "综合处",
        },
      ],
    },
    {
      title: "在深入打好污染防治攻坚战上有作为、见实效",
      titleEn: "Deliver tangible results in fighting the critical battle against pollution in depth",
      description:
        "坚持精准治污、科学治污、依法治污，深入打好蓝天、碧水、净土保卫战，加强固体废物和新污染物治理，全面完成“十四五”污染防治约束性指标任务。",
      leadOffice: "综合处",
      children: [
        {
          title: "深入打好蓝天保卫战",
          titleEn: "Keep up the fight to protect blue skies",
          description:
            "坚持精准治污、科学治污、依法治污，深入打好蓝天保卫战，推动环境空气质量持续改善。",
          leadOffice: "大气环境处",
          indicators: [
            {
              name: "优良天数比例",
              nameEn: "Share of days with good air quality",
              unit: "%",
              direction: "higher",
              baseline: 91.2,
              target: 91.5,
              regionTargets: {
                "150100": 89.0,
                "150200": 87.5,
                "150300": 83.0,
                "150400": 93.5,
                "150500": 92.5,
                "150600": 91.0,
                "150700": 99.0,
                "150800": 87.0,
                "150900": 95.0,
                "152200": 98.5,
                "152500": 97.5,
                "152900": 84.5,
              },
            },
            {
              name: "细颗粒物（PM2.5）平均浓度",
              nameEn: "Average PM2.5 concentration",
              unit: "μg/m³",
              direction: "lower",
              baseline: 24.8,
              target: 24.5,
              regionTargets: {
                "150100": 29,
                "150200": 31,
                "150300": 33,
                "150400": 23,
                "150500": 26,
                "150600": 23,
                "150700": 16,
                "150800": 30,
                "150900": 22,
                "152200": 19,
                "152500": 14,
                "152900": 28,
              },
            },
            {
              name: "重污染天数比例",
              nameEn: "Share of heavily polluted days",
              unit: "%",
              direction: "lower",
              baseline: 0.9,
              target: 0.8,
            },
          ],
        },
        {
          title: "深入打好碧水保卫战",
          titleEn: "Keep up the fight to protect clear waters",
          description:
            "深入打好碧水保卫战，统筹水资源、水环境、水生态治理，推动水环境质量持续改善。",
          leadOffice: "水生态环境处",
          indicators: [
            {
              name: "地表水国控断面水质优良（达到或好于Ⅲ类）比例",
              nameEn: "Share of national surface-water sections with good quality (Class III or better)",
              unit: "%",
              direction: "higher",
              baseline: 74.3,
              target: 75.0,
            },
            {
              name: "地表水国控断面劣Ⅴ类水体比例",
              nameEn: "Share of national surface-water sections worse than Class V",
              unit: "%",
              direction: "lower",
              baseline: 1.6,
              target: 1.1,
            },
          ],
        },
        {
          title: "深入打好净土保卫战",
          titleEn: "Keep up the fight to protect clean soil",
          description:
            "深入打好净土保卫战，加强土壤和地下水污染防治，保障农产品质量安全和人居环境安全。",
          leadOffice: "土壤生态环境处",
          indicators: [
            {
              name: "受污染耕地安全利用率",
              nameEn: "Safe utilisation rate of contaminated farmland",
              unit: "%",
              direction: "higher",
              baseline: 98.3,
              target: 98.0,
            },
            {
              name: "重点建设用地安全利用率",
              nameEn: "Safe utilisation rate of key construction land",
              unit: "%",
              direction: "higher",
              baseline: 100,
              target: 100,
            },
          ],
        },
        {
          title: "加强固体废物和新污染物治理",
          titleEn: "Strengthen the control of solid waste and new pollutants",
          description:
            "加强固体废物和新污染物治理，提升固体废物综合利用和安全处置水平。",
          leadOffice: "固体废物与化学品处",
          indicators: [
            {
              name: "一般工业固体废物综合利用率",
              nameEn: "Comprehensive utilisation rate of general industrial solid waste",
              unit: "%",
              direction: "higher",
              baseline: 42.3,
              target: 44.0,
            },
          ],
        },
        {
          title: "全面完成“十四五”污染防治约束性指标任务",
          titleEn: "Fully meet the binding pollution-control targets of the 14th Five-Year Plan",
          description:
            "对标对表“十四五”目标，全面完成污染防治约束性指标任务和主要污染物重点工程减排任务。",
          leadOffice: "综合处",
          indicators: [
            {
              name: "氮氧化物重点工程减排量“十四五”目标完成率",
              nameEn: "Completion of the 14th FYP key-project reduction target for nitrogen oxides",
              unit: "%",
              direction: "higher",
              baseline: 86,
              target: 100,
            },
            {
              name: "挥发性有机物重点工程减排量“十四五”目标完成率",
              nameEn: "Completion of the 14th FYP key-project reduction target for volatile organic compounds",
              unit: "%",
              direction: "higher",
              baseline: 84,
              target: 100,
            },
            {
              name: "化学需氧量重点工程减排量“十四五”目标完成率",
              nameEn: "Completion of the 14th FYP key-project reduction target for chemical oxygen demand",
              unit: "%",
              direction: "higher",
              baseline: 88,
              target: 100,
            },
            {
              name: "氨氮重点工程减排量“十四五”目标完成率",
              nameEn: "Completion of the 14th FYP key-project reduction target for ammonia nitrogen",
              unit: "%",
              direction: "higher",
              baseline: 87,
              target: 100,
            },
          ],
        },
      ],
    },
    {
      title: "在推动绿色低碳高质量发展上有作为、见实效",
      titleEn: "Deliver tangible results in promoting green, low-carbon and high-quality development",
      description:
        "提高行政审批效能，深化生态环境分区管控成果落地应用，强化重点行业减污降碳，积极应对气候变化，多措并举推进经济社会发展全面绿色转型。",
      leadOffice: "环境影响评价与排放管理处",
      children: [
        {
          title: "提高行政审批效能",
          titleEn: "Improve the efficiency of administrative approvals",
          description:
            "提高环评等行政审批效能，做好重大项目环评服务保障，以高水平保护支撑高质量发展。",
          leadOffice: "环境影响评价与排放管理处",
        },
        {
          title: "深化生态环境分区管控成果落地应用",
          titleEn: "Deepen the application of ecological and environmental zoning control results",
          description:
            "深化生态环境分区管控成果落地应用，发挥其在源头预防和空间布局优化中的作用。",
          leadOffice: "环境影响评价与排放管理处",
        },
        {
          title: "强化重点行业减污降碳",
          titleEn: "Strengthen pollution and carbon reduction in key industries",
          description:
            "强化重点行业减污降碳协同增效，推动重点行业绿色低碳转型。",
          leadOffice: "大气环境处",
        },
        {
          title: "积极应对气候变化",
          titleEn: "Respond actively to climate change",
          description:
            "积极应对气候变化，协同推进降碳、减污、扩绿、增长，推进经济社会发展全面绿色转型。",
          leadOffice: "应对气候变化处",
          indicators: [
            {
              name: "单位地区生产总值二氧化碳排放降低率",
              nameEn: "Reduction rate of CO2 emissions per unit of GDP",
              unit: "%",
              direction: "higher",
              baseline: 3.0,
              target: 3.2,
            },
          ],
        },
      ],
    },
    {
      title: "在加强生态保护修复监管上有作为、见实效",
      titleEn: "Deliver tangible results in strengthening oversight of ecological protection and restoration",
      description:
        "强化生态保护修复统一监管，加强生物多样性保护，严肃查处生态破坏行为，不断夯实美丽内蒙古建设的生态根基。",
      leadOffice: "自然生态保护处",
      children: [
        {
          title: "强化生态保护修复统一监管",
          titleEn: "Strengthen unified oversight of ecological protection and restoration",
          description:
            "强化生态保护修复统一监管，加强生态保护红线和自然保护地生态环境监管，确保生态保护红线面积不减少、功能不降低、性质不改变。",
          leadOffice: "自然生态保护处",
          indicators: [
            {
              name: "生态保护红线面积",
              nameEn: "Area of ecological conservation red lines (no reduction)",
              unit: "万平方千米",
              direction: "higher",
              baseline: 59.69,
              target: 59.69,
            },
          ],
        },
        {
          title: "加强生物多样性保护",
          titleEn: "Strengthen biodiversity conservation",
          description: "加强生物多样性保护，提升生态系统多样性、稳定性、持续性。",
          leadOffice: "自然生态保护处",
        },
        {
          title: "严肃查处生态破坏行为",
          titleEn: "Investigate and punish acts of ecological damage strictly",
          description: "严肃查处生态破坏行为，不断夯实美丽内蒙古建设的生态根基。",
          leadOffice: "生态环境执法处",
        },
      ],
    },
    {
      title: "在守牢生态环境安全底线上有作为、见实效",
      titleEn: "Deliver tangible results in holding the bottom line of ecological and environmental safety",
      description:
        "强化风险意识、底线思维，加强环境应急管理，深化核与辐射安全监管，开展环境安全隐患排查整治，及时消除各类风险隐患。",
      leadOffice: "生态环境执法处",
      children: [
        {
          title: "加强环境应急管理",
          titleEn: "Strengthen environmental emergency management",
          description:
            "强化风险意识、底线思维，加强环境应急管理，妥善处置突发环境事件。",
          leadOffice: "生态环境执法处",
          indicators: [
            {
              name: "突发环境事件妥善处置率",
              nameEn: "Proper handling rate of environmental emergencies",
              unit: "%",
              direction: "higher",
              baseline: 100,
              target: 100,
            },
          ],
        },
        {
          title: "深化核与辐射安全监管",
          titleEn: "Deepen nuclear and radiation safety regulation",
          description: "深化核与辐射安全监管，确保核与辐射安全。",
          leadOffice: "核与辐射安全监管处",
          indicators: [
            {
              name: "废旧放射源安全收贮率",
              nameEn: "Safe collection and storage rate of disused radioactive sources",
              unit: "%",
              direction: "higher",
              baseline: 100,
              target: 100,
            },
          ],
        },
        {
          title: "开展环境安全隐患排查整治",
          titleEn: "Identify and remedy environmental safety hazards",
          description: "开展环境安全隐患排查整治，及时消除各类风险隐患。",
          leadOffice: "固体废物与化学品处",
        },
      ],
    },
    {
      title: "在强化生态环境督察执法上有作为、见实效",
      titleEn: "Deliver tangible results in strengthening ecological and environmental inspection and enforcement",
      description:
        "深入推进生态环境保护督察，优化生态环境执法监管，切实发挥生态环境保护督察的利剑作用和环境执法的震慑作用。",
      leadOffice: "督察办",
      children: [
        {
          title: "深入推进生态环境保护督察",
          titleEn: "Advance ecological and environmental protection inspections in depth",
          description:
            "深入推进生态环境保护督察，切实发挥生态环境保护督察的利剑作用。",
          leadOffice: "督察办",
        },
        {
          title: "优化生态环境执法监管",
          titleEn: "Optimise ecological and environmental law enforcement and supervision",
          description: "优化生态环境执法监管，切实发挥环境执法的震慑作用。",
          leadOffice: "生态环境执法处",
        },
        {
          title: "加大生态环境保护督察整改和突出问题查处力度",
          titleEn:
            "Step up rectification of inspection findings and the investigation of prominent problems",
          description:
            "加大生态环境保护督察整改和突出问题查处力度，提升生态环境问题整改质效。",
          leadOffice: "督察办",
          indicators: [
            {
              name: "中央生态环境保护督察整改任务按期完成率",
              nameEn: "On-schedule completion rate of central inspection rectification tasks",
              unit: "%",
              direction: "higher",
              baseline: 100,
              target: 100,
            },
          ],
        },
      ],
    },
    {
      title: "在健全现代环境治理体系上有作为、见实效",
      titleEn: "Deliver tangible results in improving the modern environmental governance system",
      description:
        "以深化生态文明体制改革为根本动力，健全生态环境法规政策标准体系，提升生态环境支撑保障能力，推进区域合作深化行动，不断提高生态环境治理体系和治理能力现代化水平。",
      leadOffice: "法规与标准处",
      children: [
        {
          title: "深化生态文明体制改革",
          titleEn: "Deepen reform of the ecological civilisation system",
          description:
            "以深化生态文明体制改革为根本动力，推进生态环境治理体系和治理能力现代化。",
          leadOffice: "综合处",
        },
        {
          title: "健全生态环境法规政策标准体系",
          titleEn: "Improve the system of ecological and environmental regulations, policies and standards",
          description: "健全生态环境法规政策标准体系，强化生态环境保护法治保障。",
          leadOffice: "法规与标准处",
        },
        {
          title: "提升生态环境支撑保障能力",
          titleEn: "Enhance support capacity for ecological and environmental protection",
          description:
            "提升生态环境监测、科技、资金等支撑保障能力，夯实生态环境治理基础。",
          leadOffice: "科技与财务处",
        },
        {
          title: "推进区域合作深化行动",
          titleEn: "Advance the action to deepen regional cooperation",
          description: "推进区域合作深化行动，加强生态环境保护区域协作。",
          leadOffice: "综合处",
        },
      ],
    },
  ],
};
