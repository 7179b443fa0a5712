"""A labelled set of short Vietnamese news items for measuring the content-area suggestions.

Written for this project in the style of the provincial portal's CCHC news (not copied from
the plan). Each entry: (expected labels, text). The first label is the main content area; a
second one is given only where the item genuinely belongs to both. Labels follow the 2023 VPUB
plan: a chỉ đạo điều hành, b thể chế, c thủ tục hành chính, d tổ chức bộ máy, đ chế độ công vụ,
e tài chính công, g Chính phủ điện tử, Chính phủ số.
"""

LABELLED = [
    # a) chỉ đạo điều hành
    (
        ("a",),
        "Chủ tịch UBND tỉnh chủ trì hội nghị sơ kết công tác cải cách hành chính 6 tháng đầu năm, yêu cầu người đứng đầu các sở, ngành nâng cao trách nhiệm, lấy sự hài lòng của người dân làm thước đo.",
    ),
    (
        ("a",),
        "Ninh Thuận đặt mục tiêu nâng chỉ số PAR INDEX và PAPI, duy trì SIPAS trong nhóm 20 tỉnh dẫn đầu; các đơn vị phải có giải pháp cụ thể để cải thiện từng chỉ số thành phần.",
    ),
    (
        ("a",),
        "Ban Thường vụ Tỉnh ủy quán triệt chủ trương của Đảng về đẩy mạnh cải cách hành chính, xây dựng nền hành chính dân chủ, chuyên nghiệp, hiện đại, lấy người dân làm trung tâm.",
    ),
    (
        ("a",),
        "Văn phòng UBND tỉnh tổng kết kết quả đạt được, chỉ ra tồn tại, hạn chế và nguyên nhân trong thực hiện nhiệm vụ cải cách hành chính năm qua, đề ra phương hướng cho năm tới.",
    ),
    (
        ("a",),
        "Lãnh đạo tỉnh nhấn mạnh vai trò, trách nhiệm của cấp ủy Đảng và người đứng đầu trong chỉ đạo, điều hành, coi cải cách hành chính là nhiệm vụ trọng tâm, xuyên suốt.",
    ),
    (
        ("a",),
        "Kết quả chỉ số PCI năm 2022 cho thấy tỉnh cải thiện 5 bậc; UBND tỉnh chỉ đạo các sở phân tích chỉ số thành phần, nâng cao chất lượng điều hành kinh tế.",
    ),
    (
        ("a",),
        "Đoàn kiểm tra cải cách hành chính làm việc tại các phòng, ban; đánh giá thái độ phục vụ, văn hóa giao tiếp của cán bộ và quyền giám sát của người dân đối với cơ quan giải quyết công việc.",
    ),
    # b) cải cách thể chế
    (
        ("b",),
        "Sở Tư pháp tổ chức rà soát, hệ thống hóa văn bản quy phạm pháp luật do HĐND, UBND tỉnh ban hành, kiến nghị bãi bỏ 12 văn bản không còn phù hợp.",
    ),
    (
        ("b",),
        "Hội nghị tập huấn kỹ năng xây dựng, soạn thảo và kiểm tra văn bản quy phạm pháp luật cho cán bộ pháp chế các sở, ngành nhằm bảo đảm tính hợp hiến, hợp pháp.",
    ),
    (
        ("b",),
        "UBND tỉnh ban hành kế hoạch theo dõi tình hình thi hành pháp luật năm 2023, tập trung vào lĩnh vực đất đai, môi trường và đầu tư công.",
    ),
    (
        ("b",),
        "Kết quả tự kiểm tra văn bản: phát hiện 3 quyết định có nội dung trái thẩm quyền, cơ quan ban hành đã đính chính và sửa đổi kịp thời.",
    ),
    (
        ("b",),
        "Tăng cường công tác tổ chức thi hành pháp luật, đánh giá tác động chính sách trước khi trình HĐND tỉnh thông qua các nghị quyết mới, bảo đảm tính khả thi.",
    ),
    (
        ("b",),
        "Hoàn thiện thể chế: năm nay tỉnh đã ban hành 45 văn bản quy phạm pháp luật, không có văn bản nào bị cơ quan có thẩm quyền kết luận trái pháp luật.",
    ),
    (
        ("b",),
        "Sở Tư pháp công bố danh mục văn bản quy phạm pháp luật hết hiệu lực toàn bộ hoặc một phần sau đợt rà soát định kỳ.",
    ),
    # c) cải cách thủ tục hành chính
    (
        ("c",),
        "UBND tỉnh công bố danh mục 120 thủ tục hành chính được cắt giảm thời gian giải quyết, đơn giản hóa thành phần hồ sơ cho người dân, doanh nghiệp.",
    ),
    (
        ("c",),
        "Từ tháng 3, người dân có thể nộp hồ sơ và nhận kết quả giải quyết thủ tục hành chính qua dịch vụ bưu chính công ích mà không cần đến trụ sở cơ quan.",
    ),
    (
        ("c",),
        "Văn phòng UBND tỉnh tiếp nhận và xử lý 58 phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính trong quý I; 100% được trả lời đúng hạn.",
    ),
    (
        ("c",),
        "Kiểm soát chặt chẽ việc ban hành mới thủ tục hành chính, chỉ ban hành khi thật sự cần thiết, hợp lý và có chi phí tuân thủ thấp nhất.",
    ),
    (
        ("c",),
        "Rà soát, đánh giá thủ tục hành chính nội bộ giữa các cơ quan hành chính nhà nước nhằm cắt giảm giấy tờ, cải thiện môi trường đầu tư kinh doanh.",
    ),
    (
        ("c",),
        "Tỉnh thu hút đầu tư nhờ cải thiện môi trường kinh doanh, rút ngắn thời gian cấp giấy chứng nhận đăng ký đầu tư còn 10 ngày.",
    ),
    (
        ("c", "g"),
        "Số hóa kết quả giải quyết thủ tục hành chính giúp người dân không phải nộp lại giấy tờ đã có, tăng công khai, minh bạch và tiết kiệm chi phí.",
    ),
    # d) cải cách tổ chức bộ máy
    (
        ("d",),
        "Sở Nội vụ trình phương án sắp xếp, tinh gọn tổ chức bộ máy các đơn vị sự nghiệp công lập, giảm 15 đầu mối trực thuộc sở, ngành.",
    ),
    (
        ("d",),
        "Kết quả tinh giản biên chế giai đoạn 2021-2025: toàn tỉnh giảm hơn 10% biên chế so với năm 2015, bảo đảm theo lộ trình của Trung ương.",
    ),
    (
        ("d",),
        "Triển khai Nghị quyết 18-NQ/TW, tỉnh kiện toàn tổ chức bộ máy theo hướng tinh gọn, hoạt động hiệu lực, hiệu quả, giảm cấp phó.",
    ),
    (
        ("d",),
        "Đẩy mạnh phân cấp quản lý nhà nước giữa tỉnh và huyện, xác định rõ thẩm quyền, trách nhiệm của từng cấp chính quyền.",
    ),
    (
        ("d", "g"),
        "Các sở tổ chức họp trực tuyến không giấy tờ, xử lý công việc trên môi trường số, đổi mới phương thức làm việc để nâng cao năng suất.",
    ),
    (
        ("d",),
        "Sáp nhập phòng Tổng hợp và phòng Hành chính thuộc Văn phòng, rà soát chức năng nhiệm vụ để tránh chồng chéo giữa các đơn vị.",
    ),
    (
        ("d",),
        "Đổi mới hệ thống tổ chức và quản lý, nâng cao chất lượng hoạt động của các đơn vị sự nghiệp công lập theo Nghị quyết 19-NQ/TW.",
    ),
    # đ) cải cách chế độ công vụ
    (
        ("đ",),
        "Tỉnh phê duyệt đề án vị trí việc làm và cơ cấu ngạch công chức cho 20 cơ quan hành chính theo Nghị định 62/2020/NĐ-CP.",
    ),
    (
        ("đ",),
        "Thi tuyển cạnh tranh chức danh trưởng phòng: 5 ứng viên trình bày đề án, hội đồng chấm điểm công khai, minh bạch.",
    ),
    (
        ("đ",),
        "Kỷ luật 3 công chức vi phạm kỷ cương hành chính, đạo đức công vụ; yêu cầu nâng cao trách nhiệm thực thi công vụ.",
    ),
    (
        ("đ",),
        "Đổi mới công tác tuyển dụng viên chức: thi trên máy tính, công bố kết quả ngay sau buổi thi, bảo đảm dân chủ, khách quan.",
    ),
    (
        ("đ",),
        "Xây dựng đội ngũ cán bộ, công chức, viên chức có số lượng, cơ cấu hợp lý, đủ trình độ và năng lực thi hành công vụ, phục vụ Nhân dân.",
    ),
    (
        ("đ",),
        "Đánh giá, xếp loại chất lượng công chức cuối năm theo kết quả thực hiện nhiệm vụ, gắn với bổ nhiệm, khen thưởng và đào tạo, bồi dưỡng.",
    ),
    (
        ("đ",),
        "Sở Nội vụ hướng dẫn xác định số lượng người làm việc trong đơn vị sự nghiệp công lập theo Nghị định 106/2020/NĐ-CP.",
    ),
    # e) cải cách tài chính công
    (
        ("e",),
        "Các đơn vị sự nghiệp công lập được giao quyền tự chủ tài chính, tự chịu trách nhiệm về chi thường xuyên gắn với kết quả đầu ra.",
    ),
    (
        ("e",),
        "UBND tỉnh đổi mới cơ chế phân bổ ngân sách, cấp kinh phí dựa trên kết quả và chất lượng hoạt động, kiểm soát chất lượng chi tiêu.",
    ),
    (
        ("e",),
        "Tỉnh ban hành chính sách khuyến khích nhà đầu tư vào lĩnh vực năng lượng tái tạo và du lịch, ưu đãi thuế và tiền thuê đất.",
    ),
    (
        ("e",),
        "Thực hiện cơ chế khoán chi hành chính, tiết kiệm 10% chi thường xuyên để tăng thu nhập cho công chức và chi cho đầu tư.",
    ),
    (
        ("e",),
        "Thu ngân sách nhà nước trên địa bàn 6 tháng đạt 55% dự toán; tỉnh siết chặt kỷ luật tài chính, công khai ngân sách.",
    ),
    (
        ("e",),
        "Hướng dẫn đơn vị sự nghiệp xây dựng phương án tự chủ tài chính giai đoạn 2023-2025, nâng cao tính tự chủ và sáng tạo.",
    ),
    (
        ("e",),
        "Kiểm soát tham nhũng trong quản lý tài chính công: công khai dự toán, quyết toán và kết quả kiểm toán tại các đơn vị.",
    ),
    # g) Chính phủ điện tử, Chính phủ số
    (
        ("g",),
        "Tỉnh đưa vào vận hành ứng dụng phản ánh hiện trường trên nền tảng đô thị thông minh, người dân gửi ý kiến qua điện thoại.",
    ),
    (
        ("g",),
        "Tỷ lệ hồ sơ dịch vụ công trực tuyến mức độ 3, 4 tăng mạnh; Trung tâm Phục vụ hành chính công hướng dẫn người dân nộp hồ sơ qua mạng.",
    ),
    (
        ("g",),
        "Triển khai Nghị quyết 09-NQ/TU về chuyển đổi số: xây dựng kho dữ liệu dùng chung, kết nối nền tảng số giữa các sở, ngành.",
    ),
    (
        ("g",),
        "Văn phòng UBND tỉnh duy trì hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015, mở rộng áp dụng cho các đơn vị trực thuộc.",
    ),
    (
        ("g",),
        "Ứng dụng công nghệ thông tin trong chỉ đạo điều hành: hệ thống camera giám sát, giám sát báo chí và cảnh báo dịch bệnh được kết nối về trung tâm điều hành thông minh.",
    ),
    (
        ("g",),
        "Chính quyền số: tỷ lệ người dân hài lòng với dịch vụ số đạt 95%, phát triển kinh tế số, xã hội số là động lực tăng trưởng.",
    ),
    (
        ("g",),
        "Ứng dụng các tiến bộ khoa học, công nghệ, thúc đẩy xây dựng Chính phủ điện tử, Chính phủ số, nâng cao chất lượng cung cấp dịch vụ công.",
    ),
]
