"""The 16 touchpoints and their first service standards, as shipped: what the data migration loads.

Plain data, no models. The 0002 data migration and `services.touchpoints_ensure` read it; once the
migration has run, HQ edits the texts in the product and this file is not read again for that database.
Keep the keys: the migration uses them by name.
"""

from __future__ import annotations

from decimal import Decimal

# code, order, names, the customer's core need, key moments (one per line), dimensions, usual zone kind
# ("" = the whole hall), weight (peak-end rule: the result TP14 and leaving TP16 weigh 1.5).
TOUCHPOINTS: list[dict] = [
    {
        "code": "TP01",
        "name_en": "Finding the hall",
        "name_zh": "店外寻找",
        "core_need_en": "To find the hall quickly and be sure, before setting off, that it is open and handles "
        "what I came for.",
        "core_need_zh": "快速找到营业厅，出发前就能确认它正在营业、能办理我要办的业务。",
        "key_moments_en": "Searching a map app or asking the hotline for the nearest hall\n"
        "Spotting the sign from the street or the mall aisle\n"
        "Checking the hours and what the hall can do (a partner hall may not offer every service)",
        "key_moments_zh": "在地图应用或客服热线查询最近的营业厅\n从街面或商场通道看到门头标识\n"
        "确认营业时间和可办业务（合作营业厅未必能办全业务）",
        "dimensions": ["efficiency", "knowledge"],
        "usual_zone": "storefront",
    },
    {
        "code": "TP02",
        "name_en": "Arrival",
        "name_zh": "到达",
        "core_need_en": "To reach the door easily: somewhere to park, a safe approach and step-free access.",
        "core_need_zh": "方便地到达门口：有地方停车，路线安全，无障碍通行。",
        "key_moments_en": "Parking a car or a bike nearby\n"
        "Walking from the car park or bus stop to the door\n"
        "Arriving with a pram, a wheelchair or heavy bags",
        "key_moments_zh": "在附近停放汽车或电动车\n从停车场或公交站走到门口\n推婴儿车、坐轮椅或提重物到达",
        "dimensions": ["efficiency", "attention"],
        "usual_zone": "storefront",
    },
    {
        "code": "TP03",
        "name_en": "In front of the hall",
        "name_zh": "厅前",
        "core_need_en": "A first impression that the hall is tidy, open for business and worth stepping into.",
        "core_need_zh": "第一印象：营业厅整洁、正在营业、值得进去。",
        "key_moments_en": "Looking at the window and the posters\n"
        "Reading the offers and the waiting count at the entrance\n"
        "Deciding to go in or to walk on",
        "key_moments_zh": "看橱窗和海报\n看门口的优惠信息和等候人数\n决定进店还是离开",
        "dimensions": ["emotion", "trust", "knowledge"],
        "usual_zone": "storefront",
    },
    {
        "code": "TP04",
        "name_en": "Entering",
        "name_zh": "进厅",
        "core_need_en": "To be noticed and welcomed, and sent to the right place straight away.",
        "core_need_zh": "被注意到、被欢迎，并马上被引导到正确的地方。",
        "key_moments_en": "The first five seconds inside the door\n"
        "The greeting and the question “what have you come for today?”\n"
        "Getting a ticket or being sent to the right area",
        "key_moments_zh": "进门后的前五秒\n问候和“请问您今天办理什么业务？”\n取号或被引导到对应区域",
        "dimensions": ["attention", "emotion"],
        "usual_zone": "reception",
    },
    {
        "code": "TP05",
        "name_en": "Environment",
        "name_zh": "环境",
        "core_need_en": "A clean, comfortable and orderly hall in which it is easy to find the way.",
        "core_need_zh": "干净、舒适、有序，容易找到方向的营业厅。",
        "key_moments_en": "The first look around the hall\n"
        "Looking for a seat, water, a charger or the toilet\n"
        "Noise, temperature and light during a long visit",
        "key_moments_zh": "进门后环顾四周\n找座位、饮水、充电或洗手间\n长时间停留时感受到的噪音、温度和光线",
        "dimensions": ["emotion", "trust"],
        "usual_zone": "",
    },
    {
        "code": "TP06",
        "name_en": "Wandering",
        "name_zh": "徘徊",
        "core_need_en": "When unsure, to get help without having to ask for it, and without being pressured.",
        "core_need_zh": "犹豫时不用开口就能得到帮助，同时不被强行推销。",
        "key_moments_en": "Standing still or looking around for more than a few seconds\n"
        "Browsing price cards or leaflets alone\n"
        "Turning towards the door without having been served",
        "key_moments_zh": "原地停留或四处张望超过几秒\n独自看价签或宣传单页\n未被服务就转身走向门口",
        "dimensions": ["attention", "control"],
        "usual_zone": "reception",
    },
    {
        "code": "TP07",
        "name_en": "Consultation",
        "name_zh": "咨询",
        "core_need_en": "Correct answers in plain words about plans, fees and offers, fitted to how I really use "
        "my phone.",
        "core_need_zh": "关于套餐、资费和优惠的正确、通俗的答复，并贴合自己的实际使用情况。",
        "key_moments_en": "Asking which plan or offer suits me\n"
        "Hearing the fees and conditions, including what happens when the offer ends\n"
        "Deciding whether to buy now, later or online",
        "key_moments_zh": "询问哪个套餐或优惠适合自己\n听取资费和条件，包括优惠到期后如何收费\n"
        "决定现在办、以后办还是线上办",
        "dimensions": ["knowledge", "trust", "attention"],
        "usual_zone": "reception",
    },
    {
        "code": "TP08",
        "name_en": "Product experience",
        "name_zh": "体验",
        "core_need_en": "To try phones, broadband and services hands-on and at my own pace, with someone who "
        "knows them close by.",
        "core_need_zh": "按自己的节奏亲手试用手机、宽带和各项业务，身边有懂行的人。",
        "key_moments_en": "Picking up a demo phone\n"
        "Trying an app, a TV box or the smart-home demo\n"
        "Comparing two models and asking what the difference is",
        "key_moments_zh": "拿起样机\n试用应用、电视机顶盒或智能家居演示\n比较两款机型并询问区别",
        "dimensions": ["knowledge", "emotion", "control"],
        "usual_zone": "experience",
    },
    {
        "code": "TP09",
        "name_en": "Self-service",
        "name_zh": "自助服务",
        "core_need_en": "To do simple things myself, fast, and to get help the moment the machine gets stuck.",
        "core_need_zh": "简单业务自己快速办好，机器卡住时马上有人帮。",
        "key_moments_en": "Finding a free kiosk\n"
        "Paying a bill, printing an itemised bill or changing a plan at the kiosk\n"
        "Getting stuck and looking around for help",
        "key_moments_zh": "找到空闲的自助终端\n在终端缴费、打印详单或变更套餐\n操作卡住，四处找人帮忙",
        "dimensions": ["efficiency", "control", "knowledge"],
        "usual_zone": "self_service",
    },
    {
        "code": "TP10",
        "name_en": "Purchase",
        "name_zh": "购买",
        "core_need_en": "To buy at a clear price with no surprises, pay the way I like and know exactly what I "
        "signed up to.",
        "core_need_zh": "价格清楚、没有意外，用习惯的方式付款，清楚自己签了什么。",
        "key_moments_en": "Choosing between offers\n"
        "Hearing the full cost and the contract terms\n"
        "Paying and receiving the device, the invoice and the contract",
        "key_moments_zh": "在几个方案之间做决定\n听到全部费用和合约条款\n付款，拿到设备、发票和合同",
        "dimensions": ["trust", "knowledge", "control"],
        "usual_zone": "experience",
    },
    {
        "code": "TP11",
        "name_en": "Queuing",
        "name_zh": "排队",
        "core_need_en": "To know how long I will wait, to be called fairly and to wait in comfort.",
        "core_need_zh": "知道要等多久，叫号公平，等得舒服。",
        "key_moments_en": "Taking a ticket and seeing how many people are ahead\n"
        "Watching the number board while waiting\n"
        "Seeing someone called out of turn, or a counter closed at the peak",
        "key_moments_zh": "取号并看到前面还有多少人\n等候时盯着叫号屏\n看到有人不按顺序被叫，或高峰时有柜台关闭",
        "dimensions": ["efficiency", "control", "attention"],
        "usual_zone": "waiting",
    },
    {
        "code": "TP12",
        "name_en": "Conversation at the counter",
        "name_zh": "办理沟通",
        "core_need_en": "To be served politely by someone who understands my request at once and gets it right "
        "the first time.",
        "core_need_zh": "被礼貌接待，对方马上听懂我的需求，一次办对。",
        "key_moments_en": "Being called and welcomed at the counter\n"
        "Explaining the request and handing over the ID card\n"
        "Hearing a recommendation or an extra offer",
        "key_moments_zh": "被叫到柜台并受到欢迎\n说明需求、递交身份证\n听到推荐或附加优惠",
        "dimensions": ["knowledge", "trust", "attention"],
        "usual_zone": "counters",
    },
    {
        "code": "TP13",
        "name_en": "Waiting while it is processed",
        "name_zh": "办理等待",
        "core_need_en": "To know what is happening and how long it will take while the agent works on the system.",
        "core_need_zh": "营业员操作系统时，知道正在办什么、还要多久。",
        "key_moments_en": "The agent typing in silence\n"
        "A slow system or a second approval\n"
        "Signing on the pad or the form",
        "key_moments_zh": "营业员沉默地操作\n系统缓慢或需要二次审核\n在签名板或单据上签字",
        "dimensions": ["efficiency", "emotion", "control"],
        "usual_zone": "counters",
    },
    {
        "code": "TP14",
        "name_en": "The result",
        "name_zh": "办理结果",
        "core_need_en": "For it to be done right the first time, and to leave with proof of exactly what was done.",
        "core_need_zh": "一次办对，离开时有凭证说明办了什么。",
        "key_moments_en": "The agent says it is done\n"
        "Receiving the receipt, the invoice and the confirmation SMS\n"
        "Checking the phone works (new SIM, new plan, number moved)",
        "key_moments_zh": "营业员说“办好了”\n拿到回执、发票和确认短信\n检查手机是否可用（新卡、新套餐、携号转网）",
        "dimensions": ["trust", "efficiency", "knowledge"],
        "usual_zone": "counters",
        "weight": Decimal("1.5"),
    },
    {
        "code": "TP15",
        "name_en": "Complaints and objections",
        "name_zh": "投诉异议",
        "core_need_en": "To be heard and taken seriously, and to get a fix, or a clear next step with a date.",
        "core_need_zh": "被倾听、被重视，得到解决办法，或明确的下一步和时间。",
        "key_moments_en": "Raising a problem or disputing a charge\n"
        "The first reaction of the member of staff\n"
        "Being told what will happen and by when",
        "key_moments_zh": "提出问题或对费用有异议\n员工的第一反应\n被告知接下来怎么处理、何时有结果",
        "dimensions": ["emotion", "trust", "attention"],
        "usual_zone": "reception",
    },
    {
        "code": "TP16",
        "name_en": "Leaving",
        "name_zh": "离开",
        "core_need_en": "To leave with everything I brought and need, a good last impression and an easier way for "
        "next time.",
        "core_need_zh": "带齐所有物品离开，留下好的最后印象，并知道下次更省事的办法。",
        "key_moments_en": "Getting the ID card and belongings back\n"
        "Rating the service on the counter device\n"
        "The goodbye at the door",
        "key_moments_zh": "取回身份证和随身物品\n在柜台评价器上评价服务\n门口的道别",
        "dimensions": ["emotion", "attention"],
        "usual_zone": "reception",
        "weight": Decimal("1.5"),
    },
]

# Per touchpoint code: (key, title en, title zh, what staff do en, zh, what the customer must see en, zh, dimension).
STANDARDS: dict[str, list[tuple[str, str, str, str, str, str, str, str]]] = {
    "TP01": [
        (
            "tp01-listing-accurate",
            "Online listing is accurate",
            "线上信息准确",
            "Every month the hall manager checks the hall's entry on the main map apps and on the operator's "
            "website: address, phone, opening hours and the services offered. Wrong entries are corrected "
            "within a week.",
            "厅经理每月核对主要地图应用和官网上的营业厅信息：地址、电话、营业时间和可办业务；发现错误一周内更正。",
            "The map and the website show the right address, the real opening hours and the services the hall "
            "actually offers.",
            "地图和官网显示的地址、营业时间和可办业务与实际一致。",
            "knowledge",
        ),
        (
            "tp01-sign-visible",
            "Sign visible from the approach",
            "门头标识远处可见",
            "The opening check covers the brand sign and direction signs: lit after dusk, clean, no missing "
            "letters. A hall inside a mall has a direction sign at the nearest entrance and escalator.",
            "开门检查包括门头和指引牌：傍晚后亮灯、洁净、无缺字。商场内的营业厅在最近的入口和扶梯处设指引牌。",
            "The brand sign can be read from across the street or along the mall aisle, by day and in the evening.",
            "从街对面或商场通道即可看清品牌标识，白天和晚上都一样。",
            "efficiency",
        ),
        (
            "tp01-hours-posted",
            "Hours and services posted at the door",
            "营业时间与业务范围公示",
            "Opening hours, holiday hours and the services the hall can and cannot handle are posted at the "
            "door and updated before every public holiday.",
            "门口公示营业时间、节假日时间以及本厅可办和不可办的业务，每个法定节假日前更新。",
            "Before going in, the customer can see whether the hall is open and whether it handles their business.",
            "进门前就能看出营业厅是否营业、能否办理自己的业务。",
            "control",
        ),
    ],
    "TP02": [
        (
            "tp02-approach-clear",
            "Approach clear and step-free",
            "门前通道畅通无障碍",
            "The opening check makes sure the path to the door is free of boxes and parked bikes and the ramp "
            "can be used; on rainy days a non-slip mat and an umbrella stand are put out.",
            "开门检查确保门前通道无杂物和乱停车辆、坡道可用；雨天铺设防滑垫、摆放伞架。",
            "A clean, dry and step-free way to the door.",
            "通往门口的路干净、干燥、无台阶阻碍。",
            "attention",
        ),
        (
            "tp02-parking-info",
            "Parking information at hand",
            "停车信息清楚",
            "Staff know where customers can park nearby and say so when asked; where the hall offers parking "
            "validation it is given without the customer having to ask.",
            "员工清楚附近可停车位置，顾客询问时能准确告知；有停车优惠的营业厅无需顾客开口即主动提供。",
            "Clear directions to parking and, where offered, validated parking without asking.",
            "停车指引清晰；有停车优惠时无需开口即可享受。",
            "efficiency",
        ),
        (
            "tp02-help-at-door",
            "Help at the door for those who need it",
            "为需要的顾客提供到门协助",
            "When a customer arrives in a wheelchair, with a pram or with heavy bags, the greeter goes out to "
            "hold the door and help.",
            "顾客坐轮椅、推婴儿车或携带重物到达时，引导员主动出门扶门协助。",
            "Someone comes to the door to help.",
            "有人到门口来帮忙。",
            "emotion",
        ),
    ],
    "TP03": [
        (
            "tp03-window-current",
            "Window and posters are current",
            "橱窗海报有效",
            "Posters show only offers valid today; expired material comes down on the day the offer ends; "
            "the windows are cleaned every morning.",
            "橱窗海报只展示当日有效的优惠，活动结束当天撤下过期物料；玻璃每天早上清洁。",
            "Every offer on show is real and current; nothing faded, torn or expired.",
            "展示的优惠真实有效，没有褪色、破损或过期的宣传品。",
            "trust",
        ),
        (
            "tp03-doors-open",
            "Doors open on time and inviting",
            "准点开门、迎候到位",
            "At opening time exactly the doors are open, the lights are on and a member of staff stands "
            "ready; nobody eats, smokes or chats at the entrance.",
            "准点开门，灯光全开，员工已站立迎候；门口不吃东西、不吸烟、不闲聊。",
            "An open, bright entrance with staff ready to serve.",
            "入口敞开明亮，员工已准备好服务。",
            "emotion",
        ),
        (
            "tp03-wait-shown",
            "Waiting count shown at the entrance",
            "门口显示等候人数",
            "Where the hall has a queue system, the number of people waiting is shown at the entrance.",
            "有叫号系统的营业厅，在入口处显示当前等候人数。",
            "How busy the hall is before stepping in.",
            "进门前就知道厅里有多忙。",
            "control",
        ),
    ],
    "TP04": [
        (
            "tp04-greet",
            "Greet within five seconds",
            "五秒内问候",
            "The greeter makes eye contact, smiles and greets every customer within five seconds of entering, "
            "standing, in the hall's standard words.",
            "引导员在顾客进门五秒内与其目光接触、微笑，并站立使用规范用语问候。",
            "A smile and a greeting the moment they come in.",
            "一进门就有微笑和问候。",
            "attention",
        ),
        (
            "tp04-ask-need",
            "Ask the need, then guide",
            "先问需求再分流",
            "The greeter asks what the customer has come for, reminds them of the documents needed (the ID "
            "card for SIM and contract business) and sends them to self-service, the experience area or a "
            "ticket for the counter.",
            "引导员询问来意，提醒所需证件（补卡、合约类业务需身份证），并分流到自助区、体验区或取号到柜台。",
            "Being told where to go and what to have ready before queuing.",
            "排队前就知道该去哪里、要准备什么。",
            "efficiency",
        ),
        (
            "tp04-right-ticket",
            "Right ticket, right queue",
            "取号准确",
            "The greeter issues the ticket for the right type of business and tells the customer the estimated wait.",
            "引导员按业务类型取对号，并告知预计等候时间。",
            "A ticket for the right queue and an estimate of the wait.",
            "号票对应正确的队列，并知道大约要等多久。",
            "control",
        ),
    ],
    "TP05": [
        (
            "tp05-5s",
            "5S at opening and every two hours",
            "开门及每两小时5S检查",
            "Floor, counters, seats and displays are checked against the 5S list (sort, set in order, shine, "
            "standardise, sustain) at opening and every two hours; leaflets are straightened and rubbish "
            "removed.",
            "开门时及每两小时按5S清单（整理、整顿、清扫、清洁、素养）检查地面、柜台、座椅和展台；整理单页、清理垃圾。",
            "No litter, dust, loose cables or piles of leaflets anywhere in view.",
            "视线范围内没有垃圾、灰尘、散乱线缆和堆放的单页。",
            "trust",
        ),
        (
            "tp05-comfort",
            "Comfortable to stay",
            "停留舒适",
            "The temperature is kept between 22 and 26 °C and the background music low; drinking water, phone "
            "chargers and reading glasses are available in the waiting area.",
            "室温保持在22至26°C，背景音乐音量适中；等候区提供饮用水、手机充电和老花镜。",
            "A comfortable temperature, a seat, water and a charger.",
            "温度适宜，有座位、饮水和充电设施。",
            "emotion",
        ),
        (
            "tp05-zones-signed",
            "Every zone signed",
            "功能分区标识清楚",
            "Each zone (self-service, experience, waiting, counters, VIP) has a hanging sign that can be read "
            "from the entrance; the signs match the current layout.",
            "各功能区（自助、体验、等候、柜台、VIP）均有从入口可见的吊牌，标识与当前布局一致。",
            "Where to go, readable from the door.",
            "站在门口就能看清各区域在哪里。",
            "control",
        ),
    ],
    "TP06": [
        (
            "tp06-approach",
            "Approach within 30 seconds",
            "30秒内主动上前",
            "Floor staff notice a customer who hesitates or looks around and approach within 30 seconds with "
            "an open question, keeping a comfortable distance.",
            "厅堂人员发现顾客犹豫或张望，30秒内主动上前，以开放式问题询问，保持舒适距离。",
            "Someone offers help before they have to look for it.",
            "还没找人，就有人来问是否需要帮助。",
            "attention",
        ),
        (
            "tp06-no-pressure",
            "Help, not pressure",
            "帮助而不施压",
            "When the customer says they are just looking, staff step back, say where to find them and do not "
            "follow the customer around.",
            "顾客表示随便看看时，员工退后并告知需要时到哪里找人，不尾随顾客。",
            "Freedom to browse after saying “just looking”.",
            "说了“随便看看”之后可以自在地逛。",
            "control",
        ),
        (
            "tp06-nobody-leaves-unserved",
            "Nobody leaves unserved",
            "不让顾客空手离开",
            "A customer heading for the door without having been served is asked politely whether they found "
            "what they came for.",
            "顾客未办理业务就走向门口时，员工礼貌询问是否找到了需要的服务。",
            "A last offer of help before leaving.",
            "离开前还有人关心是否需要帮助。",
            "emotion",
        ),
    ],
    "TP07": [
        (
            "tp07-usage-first",
            "Ask about usage before recommending",
            "先了解用量再推荐",
            "Before recommending a plan, staff look at the customer's last three months of usage (with their "
            "consent) or ask about calls, data and family members, then suggest at most two options.",
            "推荐套餐前，经顾客同意查看近三个月用量，或询问通话、流量和家庭成员情况，最多推荐两个方案。",
            "A recommendation that matches their usage, not the promotion of the month.",
            "推荐贴合自己的用量，而不是当月主推。",
            "attention",
        ),
        (
            "tp07-plain-words",
            "Fees in plain words",
            "资费说明通俗",
            "Staff explain the monthly fee, what is included, what happens when the allowance runs out and "
            "when the offer ends, without jargon, and hand over the printed fee sheet.",
            "员工用通俗语言说明月费、包含内容、超出后如何计费、优惠何时到期，不用术语，并提供书面资费单。",
            "Fees and conditions the customer can repeat in their own words.",
            "能用自己的话复述资费和条件。",
            "knowledge",
        ),
        (
            "tp07-current-offers",
            "Today's offers known",
            "掌握当日政策",
            "Staff have read the day's offer bulletin before opening; partner-hall staff receive the same "
            "bulletin on the same day.",
            "员工开门前已阅读当日业务与优惠通报；合作营业厅员工同日收到同样的通报。",
            "The same answer in every hall, self-owned or partner-run.",
            "在自有厅和合作厅得到同样的答复。",
            "trust",
        ),
    ],
    "TP08": [
        (
            "tp08-devices-working",
            "Every demo device works",
            "样机全部可用",
            "At opening every demo device is charged, switched on, connected and reset to the demo screen; "
            "a faulty one is tagged and reported the same day.",
            "开门时所有样机充电、开机、联网并恢复演示界面；故障样机当天挂牌报修。",
            "Every device on display switches on and works.",
            "展示的每台设备都能开机正常使用。",
            "trust",
        ),
        (
            "tp08-price-cards",
            "A price card on every device",
            "样机明码标价",
            "Each device has a card with the outright price and the contract options; the cards match the "
            "price in the sales system.",
            "每台样机配价签，标明裸机价和合约方案，价签与销售系统价格一致。",
            "The price, without having to ask.",
            "不用问就能看到价格。",
            "knowledge",
        ),
        (
            "tp08-show-then-hand-over",
            "Show, then let them try",
            "先演示再交给顾客",
            "Staff show one or two features the customer cares about, then hand the device over and stay nearby.",
            "员工演示顾客关心的一两个功能，然后把设备交给顾客自己试，并在旁边待命。",
            "Hands-on time, with help at hand.",
            "能自己动手试，需要时有人帮忙。",
            "control",
        ),
    ],
    "TP09": [
        (
            "tp09-kiosks-working",
            "Kiosks working",
            "自助终端正常",
            "At opening every kiosk is on and online, has paper and a working card reader; a kiosk out of "
            "order gets a notice and is reported at once.",
            "开门检查：每台自助终端开机联网、有纸、读卡器正常；故障终端张贴告示并立即报修。",
            "Kiosks that work, or a clear notice on the one that does not.",
            "终端可以用；不能用的有明确告示。",
            "efficiency",
        ),
        (
            "tp09-help-within-reach",
            "Help within reach",
            "身边有人协助",
            "At peak times a member of staff is posted in the self-service area and steps in when a customer "
            "hesitates for more than a minute.",
            "高峰时段自助区安排专人值守，顾客操作犹豫超过一分钟时主动协助。",
            "Someone to help without giving up their place.",
            "不用离开终端就能得到帮助。",
            "attention",
        ),
        (
            "tp09-offer-faster-channel",
            "Offer the faster channel, never force it",
            "推荐更快的渠道但不强迫",
            "Customers queuing for business the kiosk or the app can do are offered to be walked through it; "
            "the choice stays with the customer.",
            "排队办理可在自助终端或手机营业厅完成的业务时，员工主动提出陪同操作，选择权留给顾客。",
            "A faster way offered, with the choice left to them.",
            "有人告诉更快的办法，但选择权在自己。",
            "control",
        ),
    ],
    "TP10": [
        (
            "tp10-total-cost",
            "Total cost stated before paying",
            "付款前说明总费用",
            "Before payment staff state the total: device, plan, contract length, any deposit and what happens "
            "if the customer leaves early. Nothing is added that the customer did not agree to.",
            "付款前员工说明总费用：终端、套餐、合约期、押金以及提前解约的后果；不捆绑顾客未同意的业务。",
            "No item on the bill that they did not agree to.",
            "账单上没有自己没同意的项目。",
            "trust",
        ),
        (
            "tp10-ways-to-pay",
            "Several ways to pay",
            "多种付款方式",
            "Cash, bank cards and mobile payment are accepted; if one is down, the customer is told before "
            "choosing the product.",
            "接受现金、银行卡和移动支付；某种方式暂不可用时，在顾客选定产品前告知。",
            "Their preferred way to pay, or an early warning.",
            "能用自己习惯的方式付款，或提前得知不可用。",
            "control",
        ),
        (
            "tp10-check-together",
            "Unbox and check together",
            "当面开箱验机",
            "Staff unbox the device with the customer, check the serial number against the invoice, move the "
            "contacts if asked and set up the SIM.",
            "员工与顾客一起开箱验机，核对串号与发票一致，按需协助导入通讯录、装卡激活。",
            "A working, set-up device and papers that match it.",
            "设备已装好可用，单据与设备相符。",
            "knowledge",
        ),
    ],
    "TP11": [
        (
            "tp11-wait-target",
            "Wait within target",
            "等候时长达标",
            "Counters open as rostered; when more than ten people wait or the longest wait passes 15 minutes, "
            "the duty manager opens another counter or moves a floor member to pre-processing.",
            "柜台按排班开放；等候超过10人或最长等候超过15分钟时，值班经理加开柜台或调配厅堂人员做业务预处理。",
            "A wait of 15 minutes or less, or a visible effort to shorten it.",
            "等候不超过15分钟，或能看到在努力缩短等候。",
            "efficiency",
        ),
        (
            "tp11-pre-processing",
            "Pre-processing while they wait",
            "等候中业务预处理",
            "Floor staff walk the waiting area, check documents and fill in forms in advance so that the "
            "customer reaches the counter ready.",
            "厅堂人员巡视等候区，提前核对证件、预填单据，让顾客到柜台时已准备好。",
            "Documents checked before their number is called.",
            "叫号前证件资料已核对好。",
            "attention",
        ),
        (
            "tp11-fair-calling",
            "Fair, audible calling",
            "叫号公平清晰",
            "Numbers are called in order on the screen and by voice; priority calling (elderly, disabled, VIP) "
            "follows the rules posted on the wall.",
            "按顺序屏显并语音叫号；优先叫号（老人、残障人士、VIP）按墙上公示的规则执行。",
            "Numbers called in order, with the priority rules on the wall.",
            "按顺序叫号，优先规则公示可见。",
            "control",
        ),
    ],
    "TP12": [
        (
            "tp12-welcome",
            "Stand, greet, receive with both hands",
            "起身问候、双手接递",
            "The agent stands (or half-rises) to welcome the customer, greets them, receives documents with "
            "both hands and uses their surname once known.",
            "营业员起身（或欠身）迎接，问候顾客，双手接递证件，得知姓氏后以姓氏称呼。",
            "A welcome and the agent's full attention.",
            "营业员的欢迎和全神贯注。",
            "attention",
        ),
        (
            "tp12-repeat-request",
            "Repeat the request before processing",
            "办理前复述需求",
            "Before starting, the agent repeats the request in plain words and confirms the fees, and asks "
            "only for the documents really needed.",
            "营业员办理前用通俗语言复述需求、确认费用，只索要确实需要的材料。",
            "Proof that they were understood before anything is done.",
            "办理前确认对方听懂了自己的需求。",
            "knowledge",
        ),
        (
            "tp12-one-offer",
            "At most one relevant offer",
            "最多推荐一次",
            "The agent makes at most one offer that fits the customer's usage and accepts a no without "
            "repeating the pitch.",
            "营业员最多推荐一个贴合顾客用量的产品，顾客拒绝后不再重复推销。",
            "An offer that makes sense and is easy to decline.",
            "推荐合理，拒绝也不为难。",
            "trust",
        ),
    ],
    "TP13": [
        (
            "tp13-say-what-happens",
            "Say what is happening",
            "告知办理进度",
            "While processing, the agent tells the customer each step and how long it takes; a silence of more "
            "than a minute is explained.",
            "办理过程中营业员告知每一步在做什么、需要多久；超过一分钟的沉默要有解释。",
            "What the agent is doing and how long it will take.",
            "知道营业员在做什么、还要多久。",
            "control",
        ),
        (
            "tp13-delay-announced",
            "A system delay is announced early",
            "系统延迟及早告知",
            "When the system is slow or down, the duty manager tells the waiting area at once, with an "
            "estimate, and offers a call-back or finishing later.",
            "系统缓慢或故障时，值班经理立即在等候区告知并给出预计时间，提供回电或稍后办理的选择。",
            "Bad news early, and a choice.",
            "坏消息早知道，并且有选择。",
            "trust",
        ),
        (
            "tp13-read-before-signing",
            "Read before signing",
            "签字前阅读",
            "Before the customer signs, the agent points to the key lines (fees, term, how to cancel) and "
            "leaves time to read them.",
            "顾客签字前，营业员指出关键条款（资费、期限、退订方式）并留出阅读时间。",
            "Time to read what they sign.",
            "签字前有时间阅读。",
            "knowledge",
        ),
    ],
    "TP14": [
        (
            "tp14-check-it-worked",
            "Check it worked before they go",
            "离柜前当面核验",
            "The agent checks the result with the customer: a test call or data check for a new SIM, the new "
            "plan visible in the app, the confirmation SMS received.",
            "营业员与顾客一起核验结果：新卡拨测或上网测试，在手机营业厅看到新套餐，收到确认短信。",
            "Proof on their own phone that it worked.",
            "在自己的手机上确认已办好。",
            "trust",
        ),
        (
            "tp14-receipt-summary",
            "Receipt and a one-line summary",
            "回执与一句话说明",
            "The customer gets the receipt or invoice and one sentence on what changed, when it takes effect "
            "and what it costs.",
            "顾客拿到回执或发票，以及一句话说明：改了什么、何时生效、费用多少。",
            "Papers that say what was done, when it takes effect and what it costs.",
            "单据写清办了什么、何时生效、多少钱。",
            "knowledge",
        ),
        (
            "tp14-sms-clear",
            "Confirmation message clear and on time",
            "确认短信及时清楚",
            "The confirmation SMS arrives before the customer leaves, in plain words without codes or jargon; "
            "a missing one is re-sent on the spot.",
            "确认短信在顾客离开前到达，用语通俗，无代码和术语；未收到的当场补发。",
            "A clear message on their phone before they leave.",
            "离开前手机上收到清楚的确认短信。",
            "efficiency",
        ),
    ],
    "TP15": [
        (
            "tp15-listen-first",
            "Listen, apologise, do not argue",
            "倾听致歉不争辩",
            "Staff let the customer finish, acknowledge how they feel, apologise for the trouble and neither "
            "argue nor blame another department; an upset customer is taken to a quiet seat.",
            "员工让顾客把话说完，认同其感受，为带来的不便致歉，不争辩、不推诿其他部门；情绪激动的顾客请到安静的座位。",
            "Being listened to without interruption, away from the queue.",
            "不被打断地倾诉，远离排队人群。",
            "emotion",
        ),
        (
            "tp15-one-owner",
            "One owner and a date",
            "首问负责、限时答复",
            "Whoever takes the complaint owns it: they solve it on the spot if they can; otherwise they log "
            "it, give their name and a date for the answer, and call back by then.",
            "首问负责：能当场解决的当场解决；不能的登记工单，告知姓名和答复日期，并按时回电。",
            "A name, a reference number and a date.",
            "得到一个名字、一个工单号和一个日期。",
            "trust",
        ),
        (
            "tp15-escalate",
            "A manager within ten minutes",
            "十分钟内升级",
            "If the customer is not satisfied with the answer, the duty manager comes within ten minutes; "
            "refunds within the manager's authority are decided on the spot.",
            "顾客对答复不满意时，值班经理十分钟内到场；权限内的退费当场决定。",
            "A manager within ten minutes when they ask for one.",
            "提出要求后十分钟内见到经理。",
            "attention",
        ),
    ],
    "TP16": [
        (
            "tp16-nothing-left",
            "Nothing left behind",
            "物品全部归还",
            "The agent hands back the ID card, bank card and old SIM with both hands and reminds the customer "
            "to check their belongings.",
            "营业员双手归还身份证、银行卡和旧卡，并提醒顾客带好随身物品。",
            "Everything they brought returned to them.",
            "带来的物品全部归还。",
            "attention",
        ),
        (
            "tp16-honest-rating",
            "Invite the rating, never ask for a score",
            "邀请评价、不索要好评",
            "The agent invites the customer to rate the service on the device once, and never asks for a "
            "particular score.",
            "营业员邀请顾客在评价器上评价一次，不诱导、不索要好评。",
            "A free and honest rating.",
            "可以自由、真实地评价。",
            "trust",
        ),
        (
            "tp16-farewell",
            "A warm goodbye and a next step",
            "温暖道别并告知下次办法",
            "Staff thank the customer and say goodbye at the door and, where it fits, mention a way to do it "
            "next time without coming in (the app, the SMS hall).",
            "员工在门口致谢道别，适当时告知下次可通过手机营业厅或短信营业厅办理，不必再跑一趟。",
            "A goodbye, and a simpler way for next time.",
            "一句道别，以及下次更省事的办法。",
            "emotion",
        ),
    ],
}
